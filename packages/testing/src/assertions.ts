import fc from "fast-check";
import type { FactSchema, Instant } from "@tenet/parser";
import type { EvaluateOptions } from "@tenet/evaluator";
import { arbitrarySnapshot, type SnapshotArbitraryOptions } from "./arbitrary-snapshot.js";
import { accepts, compiledOf, policyOf, targetName, type PolicyUnderTest } from "./decide.js";
import { describeRejection } from "./describe.js";
import { searchSnapshot } from "./search.js";
import { testInstant } from "./test-instant.js";

/** Options shared by the property assertions. */
export interface PropertyOptions extends Omit<EvaluateOptions, "now"> {
  schema: FactSchema;
  now: Instant | Date | string | number;
  numRuns?: number;
  seed?: number;
  snapshots?: Omit<SnapshotArbitraryOptions, "now">;
}

/** Default number of generated cases: fixed so that CI runs are reproducible. */
export const DEFAULT_RUNS = 300;

/** Throw with the device's explanation unless `target` accepts it. */
export function expectCompliant(target: PolicyUnderTest, facts: unknown, options: EvaluateOptions): void {
  const verdict = accepts(target, facts, options);
  if (!verdict.ok) {
    throw new Error(
      `expected ${targetName(target)} to accept the device, but it is ${verdict.state}\n` +
        describeRejection(verdict.result, policyOf(target)),
    );
  }
}

/**
 * Check that every generated device accepted by `a` is accepted by `b` (a is at least as strict
 * as b); throws with the shrunk counterexample, ready to paste, and both explanations.
 */
export function expectImplies(a: PolicyUnderTest, b: PolicyUnderTest, options: PropertyOptions): void {
  const failure = findImplicationFailure(a, b, options);
  if (failure !== undefined) throw new Error(failure);
}

/** Check that `a` and `b` accept exactly the same generated devices. */
export function expectEquivalent(a: PolicyUnderTest, b: PolicyUnderTest, options: PropertyOptions): void {
  const failure = findImplicationFailure(a, b, options) ?? findImplicationFailure(b, a, options);
  if (failure !== undefined) throw new Error(failure);
}

/** Search for a device accepted by `a` and rejected by `b`; the message of the shrunk counterexample, if any. */
export function findImplicationFailure(
  a: PolicyUnderTest,
  b: PolicyUnderTest,
  options: PropertyOptions,
): string | undefined {
  const now = testInstant(options.now);
  const evalOptions: EvaluateOptions = { ...options, now };
  const arb = arbitrarySnapshot(options.schema, {
    ...options.snapshots,
    now,
    near: [compiledOf(a).set, compiledOf(b).set],
  });
  const seed = options.seed ?? 42;
  const result = fc.check(
    fc.property(arb, (device) => !accepts(a, device, evalOptions).ok || accepts(b, device, evalOptions).ok),
    { numRuns: options.numRuns ?? DEFAULT_RUNS, seed },
  );
  let device: unknown = result.counterexample?.[0];
  let how = `after ${result.numRuns} runs, shrunk ${result.numShrinks} times`;
  if (!result.failed) {
    // Random devices rarely meet every rule of `a` at once: search toward one that `a` accepts and `b` rejects.
    const away = (d: unknown) => {
      const x = accepts(a, d, { ...evalOptions, explain: false });
      const failing = x.ok
        ? 0
        : 1 +
          x.result.policies
            .filter((p) => policyOf(a) === undefined || p.policy === policyOf(a))
            .flatMap((p) => p.rules)
            .filter((r) => r.status === "fail" || r.status === "error").length;
      return failing + (accepts(b, d, { ...evalOptions, explain: false }).ok ? 1 : 0);
    };
    device = searchSnapshot(options.schema, away, {
      ...options.snapshots,
      near: [compiledOf(a).set, compiledOf(b).set],
      now,
      seed,
    });
    if (device === undefined) return undefined;
    how = `found by boundary search after ${result.numRuns} random runs held`;
  }
  if (device === undefined) return `checking the implication failed: ${String(result.errorInstance)}`;
  const left = accepts(a, device, evalOptions);
  const right = accepts(b, device, evalOptions);
  return [
    `${targetName(a)} accepts a device that ${targetName(b)} rejects (seed ${seed}, ${how})`,
    "counterexample:",
    JSON.stringify(device, null, 2),
    `${targetName(a)}: ${left.state}`,
    describeRejection(left.result, policyOf(a)),
    `${targetName(b)}: ${right.state}`,
    describeRejection(right.result, policyOf(b)),
  ].join("\n");
}
