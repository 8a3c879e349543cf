import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources, type CheckedPolicySet } from "@tenet/parser";
import { compile, evaluate, evaluateAccess, type CompiledPolicySet } from "@tenet/evaluator";
import { arbitrarySignIn, arbitrarySnapshot } from "@tenet/testing";
import { exportIntune } from "./export/export-intune.js";
import { importIntune } from "./import/import-intune.js";
import { SETTINGS } from "./import/settings.js";
import { readGraphObjects } from "./read-graph-json.js";

const NOW = "2026-11-25T12:00:00Z";
const SEED = 20261125;
const RUNS = 150;
/** The exportable subset: the fixture's insider-risk condition and Defender for Cloud Apps session are imported as `unsupported`, which export refuses. */
const exportable = (o: unknown) => {
  const p = structuredClone(o) as {
    conditions?: Record<string, unknown>;
    sessionControls?: Record<string, unknown> | null;
  };
  delete p.conditions?.["insiderRiskLevels"];
  if (p.sessionControls) delete p.sessionControls["cloudAppSecurity"];
  return p;
};
const read = (name: string) =>
  readGraphObjects(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)), name).objects.map(exportable);

/** import(x), and import(export(import(x))): both must check cleanly. */
function both(objects: unknown[]): [CheckedPolicySet, CheckedPolicySet] {
  const first = loadPolicySources(importIntune(objects, { file: "x.json" }).files);
  expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const exported = exportIntune(first.value);
  expect(exported.diagnostics).toEqual([]);
  const again = loadPolicySources(importIntune(exported.objects, { file: "x.json" }).files);
  expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return [first.value, again.value];
}

const deviceView = (c: CompiledPolicySet, device: unknown) => {
  const r = evaluate(c, device, { now: NOW, explain: false });
  // Rule names aside: export recognises rules by expression, so one rule may come back as two
  // settings (a single build range is a minimum and a maximum); the policies must decide alike.
  return {
    state: r.state,
    policies: r.policies.map((p) => [p.policy, p.state]),
    due: r.actions.due.map((a) => [a.policy, a.action, a.afterMillis]),
    pending: r.actions.pending.length,
  };
};
const accessView = (c: CompiledPolicySet, signIn: unknown) => {
  const d = evaluateAccess(c, signIn, { now: NOW }) as unknown as Record<string, unknown>;
  return JSON.stringify(d, (k, v: unknown) => (k === "policySetHash" ? undefined : v));
};

// A random configured-or-not value for each Graph setting Tenet maps.
const version = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }).map((xs) => xs.join("."));
const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  osMinimumVersion: version,
  osMaximumVersion: version,
  defenderVersion: version,
  deviceThreatProtectionRequiredSecurityLevel: fc.constantFrom("secured", "low", "medium", "high"),
  passwordMinimumLength: fc.integer({ min: 4, max: 16 }),
  passcodeMinimumLength: fc.integer({ min: 4, max: 14 }),
  minAndroidSecurityPatchLevel: fc
    .date({ min: new Date("2024-01-01"), max: new Date("2027-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  validOperatingSystemBuildRanges: fc.array(
    fc.tuple(version, version).map(([a, b]) => ({ description: "r", lowestVersion: a, highestVersion: b })),
    { minLength: 1, maxLength: 3 },
  ),
};
const NOT_CONFIGURED = fc.constantFrom(null, false, "notSet", "unavailable", "deviceDefault", []);
const graphPolicy = fc.constantFrom(...Object.keys(SETTINGS)).chain((type) =>
  fc
    .record({
      type: fc.constant(type),
      settings: fc.tuple(
        ...SETTINGS[type]!.map((m) => fc.oneof(NOT_CONFIGURED, VALUES[m.property] ?? fc.constant(true))),
      ),
      graceHours: fc.constantFrom(0, 12, 24, 72),
      name: fc.constantFrom("Baseline", "Strict", "Pilot ring"),
    })
    .map(({ settings, graceHours, name }) => {
      const policy: Record<string, unknown> = {
        "@odata.type": `#microsoft.graph.${type}`,
        displayName: `${type} ${name}`,
        deviceThreatProtectionEnabled: true,
      };
      SETTINGS[type]!.forEach((m, i) => (policy[m.property] = settings[i]));
      policy["scheduledActionsForRule"] = [
        {
          ruleName: "PasswordRequired",
          scheduledActionConfigurations: [
            { actionType: "block", gracePeriodHours: graceHours },
            { actionType: "retire", gracePeriodHours: 720 },
          ],
        },
      ];
      return policy;
    }),
);

describe("round trip: import(export(import(x))) decides like import(x)", () => {
  it("on random Graph compliance policies and snapshots near them", () => {
    console.log(`round-trip property (compliance): seed ${SEED}, ${RUNS} runs`);
    const schema = builtinSchema("device");
    fc.assert(
      fc.property(
        fc.array(graphPolicy, { minLength: 1, maxLength: 3 }).chain((policies) => {
          const [a, b] = both(policies);
          return fc.tuple(
            fc.constant([compile(a), compile(b)] as const),
            fc.array(arbitrarySnapshot(schema, { near: a, now: NOW }), { minLength: 1, maxLength: 5 }),
          );
        }),
        ([[a, b], devices]) => {
          for (const device of devices) expect(deviceView(b, device)).toEqual(deviceView(a, device));
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("on the compliance fixtures and random snapshots", () => {
    console.log(`round-trip property (fixtures): seed ${SEED}, ${RUNS} runs`);
    const objects = [
      "windows10-compliance.json",
      "macos-compliance.json",
      "ios-compliance.json",
      "android-work-profile-compliance.json",
      "android-device-owner-compliance.json",
      "aosp-compliance.json",
    ].flatMap(read);
    const [a, b] = both(objects);
    const [ca, cb] = [compile(a), compile(b)];
    fc.assert(
      fc.property(arbitrarySnapshot(builtinSchema("device"), { near: a, now: NOW }), (device) => {
        expect(deviceView(cb, device)).toEqual(deviceView(ca, device));
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it("on the Conditional Access fixtures and random sign-ins", () => {
    console.log(`round-trip property (conditional access): seed ${SEED}, ${RUNS} runs`);
    const [a, b] = both([...read("conditional-access-graph.json"), ...read("conditional-access.json")]);
    const [ca, cb] = [compile(a), compile(b)];
    fc.assert(
      fc.property(arbitrarySignIn({ near: a }), (signIn) => {
        expect(accessView(cb, signIn)).toEqual(accessView(ca, signIn));
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });
});
