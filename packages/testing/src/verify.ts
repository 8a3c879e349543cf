import fc from "fast-check";
import type { FactSchema, Instant, PropertyDecl } from "@tenet/parser";
import { compileCondition, type CompiledPolicySet, type EvaluateOptions } from "@tenet/evaluator";
import { DEFAULT_RUNS } from "./assertions.js";
import { claimOf } from "./claims.js";
import { searchSnapshot } from "./search.js";
import { testInstant } from "./test-instant.js";

/** The result of checking one `property` declaration. */
export interface PropertyResult {
  name: string;
  title?: string;
  claim: string;
  passed: boolean;
  /** Generated cases that met the `assume` condition and were checked. */
  runs: number;
  /** Generated cases discarded because they did not meet `assume`. */
  skipped: number;
  seed: number;
  /** For a failure: the shrunk counterexample, ready to paste into a snapshot file. */
  counterexample?: unknown;
  /** `device` or `signIn`: what the counterexample is. */
  subject?: "device" | "signIn";
  /** The counterexample came from the boundary search after every random case held. */
  foundBySearch?: boolean;
  /** For a failure: the explanation of both sides. */
  explanation?: string;
  /** The property could not be checked (an unknown claim, an assumption generation never meets): why. */
  error?: string;
}

/** Options of {@link verifyProperty}. */
export interface VerifyOptions {
  schemas: { device: FactSchema; signIn: FactSchema };
  now: Instant | string | number | Date;
  tenant?: EvaluateOptions["tenant"];
  seed?: number;
  /** Cases per property that does not say `runs` (default {@link DEFAULT_RUNS}). */
  numRuns?: number;
}

/**
 * The scopes of the set's active sign-in exceptions that excuse a property: `requires` and
 * `always blocked` claims only, and only the named properties when the waiver names some.
 */
function exceptionsFor(compiled: CompiledPolicySet, name: string, claim: string, nowMs: number) {
  if (claim !== "always blocked" && !/^requires \S+$/.test(claim)) return [];
  return compiled.set.waivers
    .filter((w) => w.appliesTo === "signIns" && w.scope !== undefined && w.expiresMillis > nowMs)
    .filter((w) => w.properties === undefined || w.properties.includes(name))
    .map((w) => compileCondition(compiled.set, w.scope!));
}

/** Every `property` declaration in the compiled set's files. */
export function propertiesOf(compiled: CompiledPolicySet): PropertyDecl[] {
  return compiled.set.files.flatMap((f) => f.declarations.filter((d): d is PropertyDecl => d.kind === "Property"));
}

/**
 * Check one property with fast-check: generated devices or sign-ins that meet `assume` must
 * satisfy the claim; a failure is shrunk to a minimal counterexample. A property whose
 * assumption generation (almost) never meets fails rather than passing vacuously.
 */
export function verifyProperty(
  compiled: CompiledPolicySet,
  property: PropertyDecl,
  options: VerifyOptions,
): PropertyResult {
  const words = property.clauses.flatMap((c) => (c.kind === "Expect" ? [c.words.map((w) => w.name)] : []))[0] ?? [];
  const assume = property.clauses.find((c) => c.kind === "Assume");
  const runsClause = property.clauses.find((c) => c.kind === "Runs");
  const runs = runsClause?.kind === "Runs" ? runsClause.count.value : (options.numRuns ?? DEFAULT_RUNS);
  const seed = options.seed ?? 42;
  const claimText = words.join(" ");
  const base = {
    name: property.name.name,
    claim: claimText,
    runs,
    skipped: 0,
    seed,
    ...(property.title ? { title: property.title.value } : {}),
  };
  const now = testInstant(options.now);
  const nowMs = now.millis;
  const evalOptions: EvaluateOptions = { now, ...(options.tenant ? { tenant: options.tenant } : {}) };
  const claim = claimOf(words, { compiled, schemas: options.schemas, now, evalOptions });
  if ("error" in claim) return { ...base, passed: false, error: claim.error };

  const assumeFn = assume?.kind === "Assume" ? compileCondition(compiled.set, assume.condition) : undefined;
  const excused = exceptionsFor(compiled, property.name.name, claimText, nowMs);
  const result = fc.check(
    fc.property(claim.arbitrary, (x) => {
      fc.pre(assumeFn === undefined || assumeFn(x, nowMs) === true);
      // As `tenet analyze access` reads them: a sign-in an active exception excuses is not a counterexample.
      fc.pre(!excused.some((e) => e(x, nowMs) === true));
      return claim.holds(x);
    }),
    { numRuns: runs, seed },
  );
  const checked = { ...base, runs: result.numRuns, skipped: result.numSkips };
  if (!result.failed) {
    // Random devices rarely meet a whole policy at once; search toward a counterexample before declaring the claim holds.
    const distance = claim.distance;
    if (distance === undefined) return { ...checked, passed: true };
    const meets = (x: Record<string, unknown>) => assumeFn === undefined || assumeFn(x, nowMs) === true;
    const found = searchSnapshot(options.schemas.device, (x) => distance(x) + (meets(x) ? 0 : 1), {
      near: compiled,
      now,
      seed,
    });
    if (found === undefined || claim.holds(found) || !meets(found)) return { ...checked, passed: true };
    return {
      ...checked,
      passed: false,
      subject: claim.subject,
      counterexample: found,
      foundBySearch: true,
      explanation: claim.explain(found),
    };
  }
  const counterexample = result.counterexample?.[0];
  if (counterexample === undefined) {
    if (result.errorInstance === null || result.errorInstance === undefined) {
      return {
        ...checked,
        passed: false,
        error:
          `the \`assume\` condition held for only ${result.numRuns} of ${result.numRuns + result.numSkips} ` +
          "generated cases; the claim could not be checked",
      };
    }
    return { ...checked, passed: false, error: String(result.errorInstance) };
  }
  return {
    ...checked,
    passed: false,
    subject: claim.subject,
    counterexample,
    explanation: claim.explain(counterexample),
  };
}
