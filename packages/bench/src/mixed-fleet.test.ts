import { expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepare } from "@tenet/evaluator";
import { FLEET_NOW } from "./fleet.js";
import { handWrittenMixed, MIXED_POLICY_TEXT, mixedFleet } from "./mixed-fleet.js";
import { assertAgreement, tenetVerdict } from "./agreement.js";

const NOW_MS = Date.parse(FLEET_NOW);

it("the mixed-fleet policy loads without diagnostics: 20 rules, 10 lets", () => {
  const loaded = loadPolicySources([{ path: "mixed.tenet", text: MIXED_POLICY_TEXT }]);
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.value.compliance.map((p) => p.rules.length)).toEqual([20]);
});

it("the hand-written twin gives Tenet's verdict and failed-rule list on 3,000 mixed-fleet devices", () => {
  const compiled = compile(loadPolicySources([{ path: "mixed.tenet", text: MIXED_POLICY_TEXT }]).value);
  const evaluator = prepare(compiled, { now: parseInstant(FLEET_NOW).value!, explain: false });
  const devices = mixedFleet(3000, 7);
  expect(() =>
    assertAgreement(
      "mixed",
      devices,
      (d) => evaluator.evaluate(d),
      (d) => handWrittenMixed(d, NOW_MS),
    ),
  ).not.toThrow();
  const seen = new Map<string, number>();
  for (const d of devices) {
    const v = tenetVerdict(evaluator.evaluate(d));
    seen.set(v.state, (seen.get(v.state) ?? 0) + 1);
    for (const r of v.policies[0]!.rules) seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
  }
  for (const outcome of ["compliant", "noncompliant", "inGracePeriod", "error", "fail"])
    expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
  const windows = devices.filter((d) => d["operatingSystem"] === "Windows").length / devices.length;
  expect(windows).toBeGreaterThan(0.4);
  expect(windows).toBeLessThan(0.48);
});

it("the twins catch a disagreement: a twin that passes a failing device is named", () => {
  const compiled = compile(loadPolicySources([{ path: "mixed.tenet", text: MIXED_POLICY_TEXT }]).value);
  const evaluator = prepare(compiled, { now: parseInstant(FLEET_NOW).value!, explain: false });
  const devices = mixedFleet(200, 7);
  expect(() =>
    assertAgreement(
      "mixed",
      devices,
      (d) => evaluator.evaluate(d),
      (d) => ({ ...handWrittenMixed(d, NOW_MS), state: "compliant" }),
    ),
  ).toThrow(/mixed: the hand-written twin disagrees/);
});
