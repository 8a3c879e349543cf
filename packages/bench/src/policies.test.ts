import { expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { deviceGenerator, FLEET_NOW } from "./fleet.js";
import { BENCH_POLICY_TEXT, generatedPolicyText, handWrittenEvaluate, type HandResult } from "./policies.js";

const NOW_MS = Date.parse(FLEET_NOW);

it("the benchmark policy set loads without diagnostics: five policies, 41 rules, one waiver", () => {
  const loaded = loadPolicySources([{ path: "bench.tenet", text: BENCH_POLICY_TEXT }]);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.value.compliance.map((p) => p.rules.length)).toEqual([12, 8, 7, 8, 6]);
  expect(loaded.value.waivers).toHaveLength(1);
});

it("the generated 1,000-rule policy file loads without diagnostics", () => {
  const loaded = loadPolicySources([{ path: "generated.tenet", text: generatedPolicyText(1000) }]);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.value.compliance.reduce((n, p) => n + p.rules.length, 0)).toBe(1000);
});

it("the hand-written evaluator gives Tenet's device, policy and rule outcomes on 2,000 generated devices", () => {
  const compiled = compile(loadPolicySources([{ path: "bench.tenet", text: BENCH_POLICY_TEXT }]).value);
  const next = deviceGenerator(2026);
  const seen = new Map<string, number>();
  for (let i = 0; i < 2000; i++) {
    const d = next(i);
    const r = evaluate(compiled, d, { now: FLEET_NOW, explain: false });
    const tenet: HandResult = {
      state: r.state,
      policies: r.policies.map((p) => ({
        policy: p.policy,
        state: p.state,
        rules: p.rules
          .filter((x) => x.status !== "pass" && x.status !== "notApplicable")
          .map((x) => ({ id: x.id, status: x.status })),
      })),
    };
    expect(handWrittenEvaluate(d, NOW_MS), JSON.stringify(d)).toEqual(tenet);
    seen.set(r.state, (seen.get(r.state) ?? 0) + 1);
    for (const p of r.policies) for (const x of p.rules) seen.set(x.status, (seen.get(x.status) ?? 0) + 1);
  }
  // The fleet exercises every outcome the comparison is about, not only passes.
  for (const outcome of [
    "compliant",
    "noncompliant",
    "inGracePeriod",
    "error",
    "fail",
    "waived",
    "unknown",
    "notApplicable",
  ]) {
    expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
  }
});
