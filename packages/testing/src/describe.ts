import type { DeviceResult } from "@tenet/evaluator";

/**
 * A short human account of why a device was not accepted: each failed or errored rule with
 * actual vs expected; only the rules of `policy` when one is named.
 */
export function describeRejection(result: DeviceResult, policy?: string): string {
  const lines: string[] = [];
  for (const p of result.policies) {
    if (policy !== undefined && p.policy !== policy) continue;
    for (const rule of p.rules) {
      if (rule.status !== "fail" && rule.status !== "error") continue;
      const why =
        rule.explanation?.failed.map(
          (f) =>
            `${f.path ?? ""} is ${f.actual === undefined ? "missing" : JSON.stringify(f.actual)}, expected ${f.expected}`,
        ) ?? [];
      const errs = rule.explanation?.errors.map((e) => `${e.path}: ${e.reason}`) ?? [];
      lines.push(
        `  ${rule.status} ${rule.id}${rule.title ? ` (${rule.title})` : ""}` +
          ([...why, ...errs].length > 0 ? `: ${[...why, ...errs].join("; ")}` : ""),
      );
    }
  }
  if (policy === undefined && result.defaultPolicy.state === "noncompliant")
    lines.push(`  default policy: ${result.defaultPolicy.failed.join(", ")}`);
  return lines.length > 0 ? lines.join("\n") : "  (no failed rules)";
}
