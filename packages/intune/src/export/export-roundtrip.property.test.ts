import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { compile, evaluate, type CompiledPolicySet } from "@tenet/evaluator";
import { arbitrarySnapshot } from "@tenet/testing";
import { importIntune } from "../import/import-intune.js";
import { exportIntune } from "./export-intune.js";

const NOW = "2026-11-25T12:00:00Z";
const SEED = 20261204;
const RUNS = 120;

// One Intune-expressible condition, written in any of the forms export must recognise.
const version = fc
  .array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 })
  .map((xs) => `10.0.${xs.join(".")}`);
const truthy = (fact: string) =>
  fc.constantFrom(`${fact} == true`, fact, `${fact} != false`, `not (${fact} == false)`, `true == ${fact}`);
const WINDOWS_ATOMS: fc.Arbitrary<string>[] = [
  version.chain((v) =>
    fc.constantFrom(
      `device.osVersion >= "${v}"`,
      `"${v}" <= device.osVersion`,
      `not (device.osVersion < "${v}")`,
      `device.osVersion >= min-version`,
    ),
  ),
  version.chain((v) =>
    fc.constantFrom(`device.osVersion <= "${v}"`, `"${v}" >= device.osVersion`, `not (device.osVersion > "${v}")`),
  ),
  truthy("device.isEncrypted"),
  truthy("device.firewallEnabled"),
  truthy("device.windowsProtectionState.malwareProtectionEnabled"),
  truthy("device.passcodeSet"),
  fc.constantFrom(
    "device.windowsProtectionState.signatureUpdateOverdue == false",
    "not device.windowsProtectionState.signatureUpdateOverdue",
    "device.windowsProtectionState.signatureUpdateOverdue != true",
  ),
  fc
    .constantFrom("secured", "low", "medium", "high")
    .chain((l) =>
      fc.constantFrom(
        `device.deviceThreatLevel <= "${l}"`,
        `"${l}" >= device.deviceThreatLevel`,
        ...(l === "secured" ? ['device.deviceThreatLevel == "secured"'] : []),
      ),
    ),
  fc
    .integer({ min: 4, max: 16 })
    .chain((n) =>
      fc.constantFrom(
        `device.passcodeLength >= ${n}`,
        `${n} <= device.passcodeLength`,
        `not (device.passcodeLength < ${n})`,
      ),
    ),
  fc.constantFrom("device.tpmSpecificationVersion is present", "not (device.tpmSpecificationVersion is missing)"),
  fc
    .constantFrom("bitLockerStatus", "secureBoot", "codeIntegrity")
    .chain((f) =>
      fc.constantFrom(
        `device.deviceHealthAttestationState.${f} == "enabled"`,
        `"enabled" == device.deviceHealthAttestationState.${f}`,
        `not (device.deviceHealthAttestationState.${f} != "enabled")`,
      ),
    ),
];
const rule = fc.tuple(
  fc.constantFrom("a", "os-ok", "encrypted", "b2", "x"),
  fc.array(fc.oneof(...WINDOWS_ATOMS), { minLength: 1, maxLength: 3 }),
);
const policyText = fc
  .tuple(version, fc.array(rule, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 24, 72))
  .map(([min, rules, grace]) => {
    const body = rules
      .map(([name, atoms], i) => `  rule ${name}-${i} "Rule ${i}" {\n    require ${atoms.join(" and ")}\n  }`)
      .join("\n");
    return `let min-version = "${min}"\ncompliance generated "Generated" {\n  platform windows\n${body}\n  on noncompliant {\n    after ${grace}h mark noncompliant\n  }\n}\n`;
  });

const states = (c: CompiledPolicySet, device: unknown) => {
  const r = evaluate(c, device, { now: NOW, explain: false });
  return { device: r.state, policies: r.policies.map((p) => p.state) };
};

describe("export(p) imported again decides like p (rule names aside)", () => {
  it("on generated Windows policies in every recognised form and snapshots near them", () => {
    console.log(`export round-trip property: seed ${SEED}, ${RUNS} runs`);
    fc.assert(
      fc.property(
        policyText.chain((text) => {
          const p = loadPolicySources([{ path: "p.tenet", text }]);
          expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const exported = exportIntune(p.value);
          expect(exported.diagnostics.filter((d) => d.code !== "CP5030")).toEqual([]);
          return fc.tuple(
            fc.constant({ p: p.value, text, objects: exported.objects, refused: exported.diagnostics.length > 0 }),
            fc.array(arbitrarySnapshot(builtinSchema("device"), { near: p.value, now: NOW }), {
              minLength: 1,
              maxLength: 6,
            }),
          );
        }),
        ([{ p, text, objects, refused }, devices]) => {
          if (refused) return; // two build ranges that no single list means: refused, nothing to compare
          const back = loadPolicySources(importIntune(objects, { file: "x.json" }).files);
          expect(back.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const [a, b] = [compile(p), compile(back.value)];
          for (const device of devices) {
            const [want, got] = [states(a, device), states(b, device)];
            if (JSON.stringify(want) === JSON.stringify(got)) continue;
            // The one documented difference: a rule `A and B` with A failing and B's fact missing
            // is noncompliant in Tenet; Intune checks A and B as two settings, and B's error wins.
            expect(text).toMatch(/require .* and /);
            expect(got.policies[0]).toBe("error");
            expect(["noncompliant", "inGracePeriod"]).toContain(want.policies[0]);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
