import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate, policyStateRank, worstState } from "@tenet/evaluator";
import type { DeviceResult, PolicyState } from "@tenet/evaluator";
import { SetBuilder } from "../../packages/evaluator/test-support/checked-set-builder.js";
import { condition, NOW, snapshot, type ExprThunk } from "./evaluator-arbitraries.js";

const RUNS = 200;
const SEED = 4242;
const params = { numRuns: RUNS, seed: SEED, verbose: 1 } as const;

const STATES: PolicyState[] = ["unknown", "notApplicable", "compliant", "inGracePeriod", "noncompliant", "error"];
const state = fc.constantFrom(...STATES);
const HOUR = 3_600_000;

type Spec = { require: ExprThunk; onUnknown: "error" | "unknown" | "fail" };
const spec: fc.Arbitrary<Spec> = fc.record({
  require: condition,
  onUnknown: fc.constantFrom("error", "unknown", "fail") as fc.Arbitrary<Spec["onUnknown"]>,
});
const grace = fc.constantFrom(0, 72 * HOUR);

function build(specs: Spec[], graceMillis: number, extra?: (b: SetBuilder) => void) {
  const b = new SetBuilder();
  const rules = specs.map((s, i) => ({ name: `r${i}`, require: s.require(b), onUnknown: s.onUnknown }));
  b.policy("p", rules, {
    platforms: ["windows"],
    schedule: [{ afterMillis: graceMillis, action: "markNoncompliant", args: [] }],
  });
  extra?.(b);
  return b;
}

const deviceRank = (r: DeviceResult) => policyStateRank(r.state);
const run = (b: SetBuilder, facts: unknown) => evaluate(compile(b.build()), facts, { now: NOW });

describe("state combination laws", () => {
  it("is commutative, associative and idempotent", () => {
    fc.assert(
      fc.property(state, state, state, (a, b, c) => {
        expect(worstState([a, b])).toBe(worstState([b, a]));
        expect(worstState([worstState([a, b]), c])).toBe(worstState([a, worstState([b, c])]));
        expect(worstState([a, a])).toBe(a);
      }),
      params,
    );
  });
});

describe("evaluation laws", () => {
  it("adding a failing rule never improves a state", () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 0, maxLength: 3 }), grace, snapshot, (specs, g, facts) => {
        const base = run(build(specs, g), facts);
        const worse = run(build([...specs, { require: (b) => b.bool(false), onUnknown: "error" }], g), facts);
        expect(policyStateRank(worse.policies[0]!.state)).toBeGreaterThanOrEqual(
          policyStateRank(base.policies[0]!.state),
        );
        expect(deviceRank(worse)).toBeGreaterThanOrEqual(deviceRank(base));
      }),
      params,
    );
  });

  it("a waiver never worsens a state", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 3 }),
        grace,
        snapshot,
        fc.option(condition, { nil: undefined }),
        fc.nat(3),
        (specs, g, facts, scope, which) => {
          const base = run(build(specs, g), facts);
          const waived = run(
            build(specs, g, (b) =>
              b.waiver(
                "w",
                [{ policy: "p", ...(which < specs.length ? { rule: `r${which}` } : {}) }],
                "2030-01-01T00:00:00Z",
                scope === undefined ? {} : { scope: scope(b) },
              ),
            ),
            facts,
          );
          expect(policyStateRank(waived.policies[0]!.state)).toBeLessThanOrEqual(
            policyStateRank(base.policies[0]!.state),
          );
          expect(deviceRank(waived)).toBeLessThanOrEqual(deviceRank(base));
          // A waived rule is never reported as pass, and only failures are waived.
          waived.policies[0]!.rules.forEach((r, i) => {
            if (r.status === "waived") expect(["fail", "error"]).toContain(base.policies[0]!.rules[i]!.status);
            else expect(r.status).toBe(base.policies[0]!.rules[i]!.status);
          });
        },
      ),
      params,
    );
  });

  it("an advisory rule never changes a state", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 0, maxLength: 3 }),
        grace,
        snapshot,
        condition,
        (specs, g, facts, extra) => {
          const base = run(build(specs, g), facts);
          const b = new SetBuilder();
          const rules = [
            ...specs.map((s, i) => ({ name: `r${i}`, require: s.require(b), onUnknown: s.onUnknown })),
            { name: "adv", require: extra(b), enforcement: "advisory" as const },
          ];
          b.policy("p", rules, {
            platforms: ["windows"],
            schedule: [{ afterMillis: g, action: "markNoncompliant", args: [] }],
          });
          const withAdvisory = run(b, facts);
          expect(withAdvisory.policies[0]!.state).toBe(base.policies[0]!.state);
          expect(withAdvisory.state).toBe(base.state);
          expect(withAdvisory.actions).toEqual(base.actions);
        },
      ),
      params,
    );
  });

  it("snapshot key order never changes a result, and evaluation is deterministic", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 3 }),
        snapshot,
        fc.infiniteStream(fc.nat()),
        (specs, facts, randoms) => {
          const compiled = compile(build(specs, 0).build());
          const keys = Object.keys(facts);
          for (let i = keys.length - 1; i > 0; i--) {
            const j = (randoms.next().value as number) % (i + 1);
            [keys[i], keys[j]] = [keys[j]!, keys[i]!];
          }
          const shuffled: Record<string, unknown> = {};
          for (const k of keys) shuffled[k] = facts[k];
          const a = evaluate(compiled, facts, { now: NOW });
          const again = evaluate(compiled, facts, { now: NOW });
          const b = evaluate(compiled, shuffled, { now: NOW });
          expect(JSON.stringify(again)).toBe(JSON.stringify(a));
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        },
      ),
      params,
    );
  });
});
