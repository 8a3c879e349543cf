import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate, prepare } from "@tenet/evaluator";
import { parseInstant } from "@tenet/parser";
import { referenceEvaluate } from "@tenet/evaluator/testing";
import { SetBuilder } from "../../packages/evaluator/test-support/checked-set-builder.js";
import { explainFromTrace, traceRule } from "../../packages/evaluator/src/explain/explain-rule.js";
import { condition, NOW, snapshot } from "./evaluator-arbitraries.js";

const RUNS = 1000;
const SEED = 20261125;

const ruleSpec = fc.record({
  require: condition,
  when: fc.option(condition, { nil: undefined }),
  onUnknown: fc.constantFrom("error", "unknown", "fail") as fc.Arbitrary<"error" | "unknown" | "fail">,
  enforcement: fc.constantFrom("soft", "hard", "advisory") as fc.Arbitrary<"soft" | "hard" | "advisory">,
});

describe("compiled evaluator agrees with the reference interpreter", () => {
  it("on every rule outcome, policy state and device state", () => {
    fc.assert(
      fc.property(
        fc.array(ruleSpec, { minLength: 1, maxLength: 4 }),
        fc.option(condition, { nil: undefined }),
        snapshot,
        fc.constantFrom<"zero" | "less">("zero", "less"),
        fc.option(fc.tuple(fc.nat(4), condition), { nil: undefined }),
        (rules, policyWhen, facts, padding, waiver) => {
          const b = new SetBuilder();
          b.policy(
            "p",
            rules.map((r, i) => ({
              name: `r${i}`,
              require: r.require(b),
              ...(r.when === undefined ? {} : { when: r.when(b) }),
              onUnknown: r.onUnknown,
              enforcement: r.enforcement,
            })),
            { platforms: ["windows"], ...(policyWhen === undefined ? {} : { when: policyWhen(b) }) },
          );
          if (waiver !== undefined) {
            const [which, scope] = waiver;
            b.waiver(
              "w",
              [{ policy: "p", ...(which < rules.length ? { rule: `r${which}` } : {}) }],
              "2030-01-01T00:00:00Z",
              { scope: scope(b) },
            );
          }
          const set = b.build();
          const options = { now: NOW, tenant: { versionPadding: padding } };
          const fast = evaluate(compile(set), facts, options);
          const ref = referenceEvaluate(set, facts, options);
          expect(fast.policies[0]!.rules.map((r) => r.status)).toEqual(ref.policies[0]!.rules.map((r) => r.status));
          expect(fast.policies.map((p) => p.state)).toEqual(ref.policies.map((p) => p.state));
          expect(fast.state).toBe(ref.state);
          expect(fast).toEqual(ref);
        },
      ),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
  });

  it("one prepared evaluation over a sequence of snapshots: nothing remembered for one device leaks into the next", () => {
    fc.assert(
      fc.property(
        fc.array(ruleSpec, { minLength: 1, maxLength: 4 }),
        fc.array(snapshot, { minLength: 2, maxLength: 6 }),
        (rules, fleet) => {
          const b = new SetBuilder();
          b.policy(
            "p",
            rules.map((r, i) => ({
              name: `r${i}`,
              require: r.require(b),
              ...(r.when === undefined ? {} : { when: r.when(b) }),
              onUnknown: r.onUnknown,
              enforcement: r.enforcement,
            })),
            { platforms: ["windows"] },
          );
          const set = b.build();
          const prepared = prepare(compile(set), { now: parseInstant(new Date(NOW).toISOString()).value! });
          for (const facts of fleet)
            expect(prepared.evaluate(facts)).toEqual(referenceEvaluate(set, facts, { now: NOW }));
        },
      ),
      { numRuns: RUNS / 4, seed: SEED, verbose: 1 },
    );
  });

  it("an explanation is the same whether each sub-condition is decided once per trace or at every visit", () => {
    fc.assert(
      fc.property(ruleSpec, snapshot, fc.constantFrom<"zero" | "less">("zero", "less"), (spec, facts, padding) => {
        const b = new SetBuilder();
        const rule = { require: spec.require(b), ...(spec.when === undefined ? {} : { when: spec.when(b) }) };
        const set = b.build();
        const input = { set, rootName: "device", root: facts, now: NOW, padding };
        const once = explainFromTrace(input, {}, traceRule(input, rule));
        expect(once).toEqual(explainFromTrace(input, {}, traceRule(input, rule, false)));
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
  });
});
