import type { PropertyResult } from "@tenet/testing";
import type { paintWith } from "../terminal.js";
import { failure, testcase, testsuiteOpen, testsuites } from "../render/junit-xml.js";

/** The counterexample heading and JSON, ready to paste, and the explanation of both sides. */
function failureText(r: PropertyResult): string {
  const lines: string[] = [];
  if (r.error !== undefined) lines.push(r.error);
  if (r.counterexample !== undefined) {
    const what = r.subject === "signIn" ? "sign-in" : "device snapshot";
    const how =
      r.foundBySearch === true
        ? `${what} found by boundary search after ${r.runs} random cases held`
        : `shrunk ${what}`;
    lines.push(
      `counterexample (${how}, ready to paste):`,
      JSON.stringify(r.counterexample, null, 2).replace(/^/gm, "  "),
    );
    lines.push("why:", (r.explanation ?? "").replace(/^/gm, "  "));
  }
  return lines.join("\n");
}

/** One property's result for the terminal: a tick with the case count and seed, or a cross with the counterexample. */
export function propertyText(r: PropertyResult, paint: ReturnType<typeof paintWith>): string {
  if (r.passed) {
    const skipped = r.skipped > 0 ? `, ${r.skipped} more generated that did not meet \`assume\`` : "";
    return `${paint("green", "✓")} ${r.name}: ${r.claim} (${r.runs} cases${skipped}, seed ${r.seed})\n`;
  }
  return `${paint("red", "✗")} ${r.name}: ${r.claim} (seed ${r.seed})\n${failureText(r).replace(/^/gm, "    ")}\n`;
}

/** Property results as JUnit XML: one test case per property, the counterexample in the failure. */
export function junitOfProperties(results: PropertyResult[]): string {
  const body = results
    .map((r) => {
      const name = `${r.name}: ${r.claim}`;
      if (r.passed) return testcase("tenet verify", name, `<system-out>${r.runs} cases, seed ${r.seed}</system-out>`);
      return testcase(
        "tenet verify",
        name,
        failure(r.error ?? `counterexample found (seed ${r.seed})`, failureText(r)),
      );
    })
    .join("\n");
  const failures = results.filter((r) => !r.passed).length;
  return testsuites(`${testsuiteOpen("tenet verify", { tests: results.length, failures })}\n${body}\n  </testsuite>`);
}
