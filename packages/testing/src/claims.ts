import type fc from "fast-check";
import {
  evaluate,
  evaluateAccess,
  type AccessDecision,
  type CompiledPolicySet,
  type EvaluateOptions,
} from "@tenet/evaluator";
import type { FactSchema, Instant } from "@tenet/parser";
import { arbitrarySignIn } from "./arbitrary-signin.js";
import { arbitrarySnapshot } from "./arbitrary-snapshot.js";
import { accepts } from "./decide.js";
import { describeRejection } from "./describe.js";

/** What a property claims, ready to check: the cases to generate, the test, and an account of one case. */
export interface Claim {
  /** `device` or `signIn`: what the generated cases are. */
  subject: "device" | "signIn";
  arbitrary: fc.Arbitrary<Record<string, unknown>>;
  holds: (x: Record<string, unknown>) => boolean;
  explain: (x: Record<string, unknown>) => string;
  /**
   * For device claims: how far a device is from refuting the claim (0 refutes it), so that a
   * search can find counterexamples random generation misses (several rules met at once).
   */
  distance?: (x: Record<string, unknown>) => number;
}

export interface ClaimContext {
  compiled: CompiledPolicySet;
  schemas: { device: FactSchema; signIn: FactSchema };
  now: Instant | string | number | Date;
  evalOptions: EvaluateOptions;
}

/** Grant controls a `requires` claim can name, each with how to take it away from a sign-in. */
const WITHOUT: Record<string, (s: Record<string, unknown>) => Record<string, unknown>> = {
  mfa: (s) => unsatisfied(s, { mfa: false }),
  approvedApp: (s) => unsatisfied(s, { approvedApplication: false }),
  appProtection: (s) => unsatisfied(s, { compliantApplication: false }),
  passwordChange: (s) => unsatisfied(s, { passwordChange: false }),
  termsOfUse: (s) => unsatisfied(s, { termsOfUse: [] }),
  authenticationStrength: (s) => unsatisfied(s, { authenticationStrengths: [] }),
  compliantDevice: (s) => onDevice(s, (d) => ({ ...d, isCompliant: false })),
  hybridJoinedDevice: (s) => onDevice(s, (d) => (d.trustType === "ServerAD" ? { ...d, trustType: "AzureAD" } : d)),
};

function unsatisfied(s: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...s, satisfied: { ...(s.satisfied as Record<string, unknown> | undefined), ...patch } };
}

function onDevice(
  s: Record<string, unknown>,
  f: (d: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const device = s.device;
  return device === null || typeof device !== "object" ? s : { ...s, device: f(device as Record<string, unknown>) };
}

/** The claim an `expect` clause makes, or why it cannot be checked. */
export function claimOf(words: string[], ctx: ClaimContext): Claim | { error: string } {
  const { compiled, evalOptions } = ctx;
  const policyNames = new Set(compiled.policies.map((p) => p.name));
  const claim = words.join(" ");
  const devices = (): fc.Arbitrary<Record<string, unknown>> =>
    arbitrarySnapshot(ctx.schemas.device, { near: compiled, now: ctx.now });

  if (words.length === 3 && (words[1] === "stricterThan" || words[1] === "equivalent")) {
    const [a, relation, b] = words as [string, string, string];
    for (const name of [a, b]) if (!policyNames.has(name)) return { error: `unknown compliance policy \`${name}\`` };
    const ta = { compiled, policy: a };
    const tb = { compiled, policy: b };
    // A device `x` accepts and `y` rejects: 0; otherwise the rules of `x` still failing, plus one if `y` accepts.
    const away = (x: string, y: string, d: Record<string, unknown>): number => {
      const r = evaluate(compiled, d, { ...evalOptions, explain: false });
      const px = r.policies.find((p) => p.policy === x)!;
      const py = r.policies.find((p) => p.policy === y)!;
      const accepting = px.state === "compliant" || px.state === "notApplicable";
      const rejecting = !(py.state === "compliant" || py.state === "notApplicable");
      return (
        (accepting
          ? 0
          : 1 +
            px.rules.filter((rule) => rule.status === "fail" || rule.status === "error" || rule.status === "unknown")
              .length) + (rejecting ? 0 : 1)
      );
    };
    return {
      distance: (d) => (relation === "equivalent" ? Math.min(away(a, b, d), away(b, a, d)) : away(a, b, d)),
      subject: "device",
      arbitrary: devices(),
      holds: (d) => {
        const x = accepts(ta, d, evalOptions).ok;
        const y = accepts(tb, d, evalOptions).ok;
        return relation === "equivalent" ? x === y : !x || y;
      },
      explain: (d) => {
        const x = accepts(ta, d, evalOptions);
        const y = accepts(tb, d, evalOptions);
        return `\`${a}\`: ${x.state}\n${describeRejection(x.result, a)}\n\`${b}\`: ${y.state}\n${describeRejection(y.result, b)}`;
      },
    };
  }
  if (claim === "no waivedHardFailures") {
    return {
      subject: "device",
      arbitrary: devices(),
      holds: (d) =>
        !evaluate(compiled, d, evalOptions).policies.some((p) =>
          p.rules.some((r) => r.status === "waived" && r.enforcement === "hard"),
        ),
      explain: (d) => {
        const r = evaluate(compiled, d, evalOptions);
        const waived = r.policies.flatMap((p) =>
          p.rules
            .filter((x) => x.status === "waived" && x.enforcement === "hard")
            .map((x) => `  hard rule ${x.id} is waived`),
        );
        return [...waived, describeRejection(r)].join("\n");
      },
    };
  }
  const decide = (s: Record<string, unknown>): AccessDecision => evaluateAccess(compiled, s, evalOptions);
  if (claim === "never blocked") {
    return {
      subject: "signIn",
      arbitrary: arbitrarySignIn({ near: compiled }),
      holds: (s) => decide(s).decision !== "block",
      explain: (s) => describeAccess(decide(s)),
    };
  }
  if (claim === "always blocked") {
    return {
      subject: "signIn",
      arbitrary: arbitrarySignIn({ near: compiled }),
      holds: (s) => decide(s).decision === "block",
      explain: (s) => describeAccess(decide(s)),
    };
  }
  if (words.length === 2 && words[0] === "requires") {
    const control = words[1]!;
    const without = WITHOUT[control];
    if (without === undefined)
      return { error: `unknown grant control \`${control}\`; expected one of ${Object.keys(WITHOUT).join(", ")}` };
    // Metamorphic: take the control away from any generated sign-in; access must then not be granted now.
    return {
      subject: "signIn",
      arbitrary: arbitrarySignIn({ near: compiled }).map(without),
      holds: (s) => !decide(s).accessGrantedNow,
      explain: (s) =>
        `without \`${control}\` this sign-in ${decide(s).accessGrantedNow ? "gets access" : "is stopped"}\n${describeAccess(decide(s))}`,
    };
  }
  return {
    error:
      `unknown claim \`${claim}\`; expected \`A stricterThan B\`, \`A equivalent B\`, \`never blocked\`, ` +
      "`always blocked`, `requires CONTROL` or `no waivedHardFailures`",
  };
}

/** A short account of an access decision: the decision and why each policy did or did not apply. */
export function describeAccess(d: AccessDecision): string {
  const lines = [`  decision ${d.decision}, access granted now: ${d.accessGrantedNow}`];
  for (const p of d.policies) {
    if (p.applies)
      lines.push(
        `  ${p.policy} applies (${p.state}, grant ${p.grant}${p.unmet.length > 0 ? `, unmet: ${p.unmet.join(", ")}` : ""})`,
      );
    else lines.push(`  ${p.policy} does not apply (${p.reason ?? p.state}${p.detail ? `: ${p.detail}` : ""})`);
  }
  return lines.join("\n");
}
