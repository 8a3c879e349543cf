import { expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepare } from "@tenet/evaluator";
import { FLEET_NOW } from "./fleet.js";
import { exampleFleet, handWrittenLibrary, shippedLibrarySources } from "./shipped-library.js";
import { assertAgreement, tenetVerdict } from "./agreement.js";

it("the hand-written twin of the shipped library gives Tenet's verdict and failed rules on all 2,000 example devices", () => {
  const loaded = loadPolicySources(shippedLibrarySources());
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(loaded.value.compliance.reduce((n, p) => n + p.rules.length, 0)).toBe(43);
  const evaluator = prepare(compile(loaded.value), { now: parseInstant(FLEET_NOW).value!, explain: false });
  const devices = exampleFleet();
  const now = Date.parse(FLEET_NOW);
  assertAgreement(
    "library",
    devices,
    (d) => evaluator.evaluate(d),
    (d) => handWrittenLibrary(d, now),
  );
  const states = new Set(devices.map((d) => tenetVerdict(evaluator.evaluate(d)).state));
  expect([...states].sort()).toEqual(["compliant", "error", "inGracePeriod", "noncompliant"]);
});
