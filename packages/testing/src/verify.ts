import fc from "fast-check";
import type { FactSchema, PropertyDecl } from "@tenet/parser";
import {
  compileCondition,
  evaluate,
  evaluateAccess,
  type AccessDecision,
  type CompiledPolicySet,
  type EvaluateOptions,
} from "@tenet/evaluator";
import { arbitrarySnapshot } from "./arbitrary-snapshot.js";
import { arbitrarySignIn } from "./arbitrary-signin.js";
import { accepts } from "./decide.js";
import { describeRejection } from "./describe.js";
import { DEFAULT_RUNS } from "./assertions.js";

/** The result of checking one `property` declaration. */
export interface PropertyResult {
  name: string;
  title?: string;
  claim: string;
  passed: boolean;
  runs: number;
  seed: number;
  /** For a failure: the shrunk counterexample, ready to paste into a snapshot file. */
  counterexample?: unknown;
  /** For a failure: the explanation of both sides. */
  explanation?: string;
  /** The property could not be checked (an unknown claim): why. */
  error?: string;
}

export interface VerifyOptions {
  schemas: { device: FactSchema; signIn: FactSchema };
  now: string | number | Date;
  tenant?: EvaluateOptions["tenant"];
  seed?: number;
  numRuns?: number;
}

/** Every `property` declaration in the compiled set's files. */
export function propertiesOf(compiled: CompiledPolicySet): PropertyDecl[] {
  return compiled.set.files.flatMap((f) => f.declarations.filter((d): d is PropertyDecl => d.kind === "Property"));
}

/**
 * Check one property with fast-check: generated devices or sign-ins (restricted by `assume`)
 * must satisfy the claim; failures are shrunk to a minimal counterexample.
 */
export function verifyProperty(compiled: CompiledPolicySet, property: PropertyDecl, options: VerifyOptions): PropertyResult {
  const words = property.clauses.flatMap((c) => (c.kind === "Expect" ? [c.words.map((w) => w.name)] : []))[0] ?? [];
  const assume = property.clauses.find((c) => c.kind === "Assume");
  const runsClause = property.clauses.find((c) => c.kind === "Runs");
  const runs = runsClause?.kind === "Runs" ? runsClause.count.value : options.numRuns ?? DEFAULT_RUNS;
  const seed = options.seed ?? 42;
  const base = { name: property.name.name, claim: words.join(" "), runs, seed, ...(property.title ? { title: property.title.value } : {}) };
  const nowMs = new Date(options.now).getTime();
  const evalOptions: EvaluateOptions = { now: options.now, ...(options.tenant ? { tenant: options.tenant } : {}) };
  const assumeFn = assume?.kind === "Assume" ? compileCondition(compiled.set, assume.condition) : undefined;
  const holdsAssumption = (facts: unknown): boolean => assumeFn === undefined || assumeFn(facts, nowMs) === true;

  const claim = words.join(" ");
  let check: ((x: Record<string, unknown>) => boolean) | undefined;
  let arb: fc.Arbitrary<Record<string, unknown>> | undefined;
  let explain: (x: Record<string, unknown>) => string = () => "";

  if (words.length === 3 && (words[1] === "stricterThan" || words[1] === "equivalent")) {
    const [a, relation, b] = words as [string, string, string];
    const ta = { compiled, policy: a };
    const tb = { compiled, policy: b };
    arb = arbitrarySnapshot(options.schemas.device, { near: compiled, now: options.now });
    check = (d) => {
      if (!holdsAssumption(d)) return true;
      const x = accepts(ta, d, evalOptions).ok;
      const y = accepts(tb, d, evalOptions).ok;
      return relation === "equivalent" ? x === y : !x || y;
    };
    explain = (d) => {
      const x = accepts(ta, d, evalOptions);
      const y = accepts(tb, d, evalOptions);
      return `\`${a}\`: ${x.state}\n${describeRejection(x.result)}\n\`${b}\`: ${y.state}\n${describeRejection(y.result)}`;
    };
  } else if (claim === "no waivedHardFailures") {
    arb = arbitrarySnapshot(options.schemas.device, { near: compiled, now: options.now });
    check = (d) => {
      if (!holdsAssumption(d)) return true;
      const r = evaluate(compiled, d, evalOptions);
      return !r.policies.some((p) => p.rules.some((rule) => rule.status === "waived" && rule.enforcement === "hard"));
    };
    explain = (d) => describeRejection(evaluate(compiled, d, evalOptions));
  } else if (claim === "never blocked" || (words.length === 2 && words[0] === "requires")) {
    arb = arbitrarySignIn({ near: compiled });
    const control = words[1];
    const decide = (s: Record<string, unknown>): AccessDecision => evaluateAccess(compiled, s, evalOptions);
    check = (s) => {
      if (!holdsAssumption(s)) return true;
      const d = decide(s);
      if (claim === "never blocked") return d.decision !== "block";
      // `requires mfa`: whenever the control is not yet satisfied, access is not granted now.
      const satisfied = (s.satisfied ?? {}) as Record<string, unknown>;
      if (control === "mfa" && satisfied.mfa === true) return true;
      return !d.accessGrantedNow;
    };
    explain = (s) => {
      const d = decide(s);
      return [`decision ${d.decision}, access granted now: ${d.accessGrantedNow}`, ...d.policies.map((p) => `  ${p.policy}: ${p.applies ? "applies" : `does not apply (${p.reason ?? "disabled"})`}`)].join("\n");
    };
  }
  if (check === undefined || arb === undefined) {
    return { ...base, passed: false, error: `unknown claim \`${claim}\`` };
  }
  const result = fc.check(fc.property(arb, check), { numRuns: runs, seed });
  if (!result.failed) return { ...base, passed: true };
  const counterexample = result.counterexample?.[0];
  if (counterexample === undefined) return { ...base, passed: false, error: String(result.errorInstance ?? "property failed") };
  return { ...base, passed: false, counterexample, explanation: explain(counterexample) };
}
