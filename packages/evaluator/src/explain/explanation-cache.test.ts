import { describe, expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import { evaluate } from "../evaluate/evaluate.js";
import { prepare } from "../evaluate/prepare.js";

const NOW = parseInstant("2026-11-25T12:00:00Z").value!;

// Lets naming a path and a condition, an object read whole (`defender`), a list read by a
// quantifier, a remediation placeholder outside the conditions, and Intune's reported states.
const POLICY = `let windows = device.operatingSystem == "Windows"

let defender = device.windowsProtectionState

compliance p "P" {
  platform windows, macOS

  rule os "OS" {
    require (windows and device.osVersion >= "10.0.26100") or device.osVersion >= "15.0"
    remediation "Update {device.osVersion} on {device.deviceName}"
  }

  rule av "Defender" {
    when windows
    require defender.realTimeProtectionEnabled == true and defender.signatureUpdateOverdue == false
  }

  rule apps "No blocked app" {
    require not any app in device.detectedApps where app.displayName == "blocked"
  }

  rule reported-pin "PIN as reported" {
    require device.reported.passwordRequired.compliant == true
  }
}
`;

function compiled() {
  const loaded = loadPolicySources([{ path: "p.tenet", text: POLICY }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compile(loaded.value!);
}

const base = {
  operatingSystem: "Windows",
  osVersion: "10.0.19045",
  deviceName: "pc-1",
  lastSyncDateTime: "2026-11-24T12:00:00Z",
  windowsProtectionState: { realTimeProtectionEnabled: false, signatureUpdateOverdue: false },
  detectedApps: [{ displayName: "blocked" }, { displayName: "ok" }],
  reported: { passwordRequired: { state: "nonCompliant", compliant: false } },
};

/** Devices that repeat the first one's failures, and others that differ from it in one way each. */
function fleet(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) out.push({ ...base, id: `same-${i}` });
  const variants: Record<string, unknown>[] = [
    { deviceName: "pc-2" }, // only the remediation text changes
    { windowsProtectionState: { signatureUpdateOverdue: false, realTimeProtectionEnabled: false } }, // key order
    { windowsProtectionState: { realTimeProtectionEnabled: false, signatureUpdateOverdue: false, extra: 1 } },
    { windowsProtectionState: { realTimeProtectionEnabled: false, signatureUpdateOverdue: "no" } },
    { windowsProtectionState: { realTimeProtectionEnabled: false, signatureUpdateOverdue: null } },
    { windowsProtectionState: { realTimeProtectionEnabled: false, nested: { deep: { deeper: [1] } } } },
    { windowsProtectionState: null },
    { osVersion: "x".repeat(300) },
    { osVersion: "x".repeat(300) + "y" },
    { osVersion: 10 },
    { osVersion: -0 },
    { osVersion: 0 },
    { detectedApps: [{ displayName: "ok" }, { displayName: "blocked" }] },
    { detectedApps: Array.from({ length: 40 }, (_, i) => ({ displayName: i === 39 ? "blocked" : `a${i}` })) },
    { lastSyncDateTime: "2026-11-20T00:00:00Z" }, // read only for the reported note
    { reported: { passwordRequired: { state: "error" } } },
    { operatingSystem: "macOS" },
    { operatingSystem: undefined },
    JSON.parse('{"__proto__": {"osVersion": "99"}, "operatingSystem": "Windows"}') as Record<string, unknown>,
  ];
  for (const v of variants) {
    out.push({ ...base, ...v, id: `variant-${out.length}` });
    out.push({ ...base, ...v, id: `variant-again-${out.length}` });
  }
  return out;
}

describe("explanations remembered across the devices of one prepared evaluation", () => {
  it("are exactly the explanations each device gets on its own", () => {
    const set = compiled();
    for (const rules of ["all", "failures"] as const) {
      const prepared = prepare(set, { now: NOW, rules });
      for (const device of fleet()) {
        const alone = evaluate(set, device, { now: NOW, rules });
        const result = prepared.evaluate(device);
        expect(result).toStrictEqual(alone);
        expect(JSON.stringify(result)).toBe(JSON.stringify(alone));
      }
    }
  });

  it("give each result its own copy", () => {
    const prepared = prepare(compiled(), { now: NOW, rules: "failures" });
    const first = prepared.evaluate({ ...base, id: "a" });
    const before = JSON.stringify(first);
    const second = prepared.evaluate({ ...base, id: "b" });
    const explanation = second.policies[0]!.rules[0]!.explanation!;
    explanation.facts.push({ path: "changed", value: 1 });
    explanation.fixes.length = 0;
    const third = prepared.evaluate({ ...base, id: "a" });
    expect(JSON.stringify(first)).toBe(before);
    expect(JSON.stringify(third)).toBe(before);
  });

  it("stay exact for a rule whose values never repeat", () => {
    const set = compiled();
    const prepared = prepare(set, { now: NOW });
    for (let i = 0; i < 300; i++) {
      const device = { ...base, id: `d${i}`, osVersion: `10.0.${i % 150}` };
      expect(prepared.evaluate(device)).toStrictEqual(evaluate(set, device, { now: NOW }));
    }
  });
});
