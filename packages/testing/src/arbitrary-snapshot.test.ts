import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadFactSchema, type FactSchema } from "@tenet/parser";
import { evaluate } from "@tenet/evaluator";
import { DAY, NOW, NOW_MS, compilePolicies, seeded } from "../test-support/policies.js";
import { arbitrarySnapshot } from "./arbitrary-snapshot.js";

const compiled = compilePolicies(`
let min-os = "10.0.26100"
compliance p "P" {
  platform windows
  rule os "OS" { require device.osVersion >= min-os remediation "r" }
  rule sync "Sync" { require device.lastSyncDateTime within 7d remediation "r" }
  rule threat "Threat" { require device.deviceThreatLevel <= "low" remediation "r" }
  rule fresh "Fresh" { require not (device.enrolledDateTime older than 30d) remediation "r" }
  rule name "Name" { require not (device.deviceName startsWith "LAB-") remediation "r" }
  rule pin "PIN" { require device.passcodeLength >= 6 remediation "r" }
  rule patch "Patch" { require device.androidSecurityPatchLevel >= 2026-10-01 remediation "r" }
  rule apps "No banned apps" { require not (any app in device.detectedApps where app.displayName == "Tor Browser") remediation "r" }
}`);

const device = builtinSchema("device");
const { seed, numRuns } = seeded("arbitrarySnapshot boundaries", 20261125, 600);
const sample = fc.sample(arbitrarySnapshot(device, { near: compiled, now: NOW }), { seed, numRuns });
const values = (key: string) => new Set(sample.map((d) => d[key]));

describe("arbitrarySnapshot near a policy", () => {
  it("generates each version literal, its padded form and its neighbours on every component", () => {
    const versions = values("osVersion");
    for (const v of ["10.0.26100", "10.0.26100.0", "10.0.26099", "10.0.26101", "10.1.26100", "9.0.26100", "11.0.26100"])
      expect(versions).toContain(v);
  });

  it("puts instants exactly at, just inside and just outside each `within` edge around now", () => {
    const syncs = values("lastSyncDateTime");
    for (const offset of [0, 1000, -1000]) expect(syncs).toContain(new Date(NOW_MS - 7 * DAY + offset).toISOString());
    for (const offset of [0, 1000, -1000])
      expect(values("enrolledDateTime")).toContain(new Date(NOW_MS - 30 * DAY + offset).toISOString());
  });

  it("generates every value of an enum, and numbers and dates either side of a literal", () => {
    expect([...values("deviceThreatLevel")].filter((v) => v !== undefined).sort()).toEqual([
      "high",
      "low",
      "medium",
      "secured",
    ]);
    for (const n of [5, 6, 7]) expect(values("passcodeLength")).toContain(n);
    for (const d of ["2026-09-30", "2026-10-01", "2026-10-02"])
      expect(values("androidSecurityPatchLevel")).toContain(d);
  });

  it("generates list elements with the values a quantifier compares them with", () => {
    const names = sample.flatMap((d) =>
      ((d.detectedApps as { displayName?: string }[] | undefined) ?? []).map((a) => a.displayName),
    );
    expect(names).toContain("Tor Browser");
    expect(names.some((n) => n !== undefined && n !== "Tor Browser")).toBe(true);
  });

  it("generates strings inside and outside a prefix test", () => {
    for (const s of ["LAB-", "LAB-x", "xLAB-", "LAB"]) expect(values("deviceName")).toContain(s);
  });

  it("generates a policy's long strings too, where the schema sets no maximum length", () => {
    const kiosk = compilePolicies(`compliance k "K" {
  platform windows
  rule m "Model" { require device.model != "Surface Laptop Studio 2" remediation "r" }
  rule n "Name" { require device.deviceName startsWith "CONTOSO-KIOSK-" remediation "r" }
}`);
    const generated = fc.sample(arbitrarySnapshot(device, { near: kiosk, now: NOW }), { seed, numRuns: 300 });
    expect(new Set(generated.map((d) => d.model))).toContain("Surface Laptop Studio 2");
    const names = new Set(generated.map((d) => d.deviceName));
    for (const s of ["CONTOSO-KIOSK-", "CONTOSO-KIOSK-x", "xCONTOSO-KIOSK-", "CONTOSO-KIOSK"])
      expect(names).toContain(s);
  });

  it("leaves every referenced fact out sometimes, and only generates facts the policies read", () => {
    for (const key of ["osVersion", "lastSyncDateTime", "deviceThreatLevel", "deviceName"])
      expect(sample.some((d) => !(key in d))).toBe(true);
    const generated = new Set(sample.flatMap((d) => Object.keys(d)));
    expect(generated.has("isEncrypted")).toBe(false);
    expect(generated.has("operatingSystem")).toBe(true); // decides applicability
  });

  it("makes every rule pass on some device and fail on another", () => {
    const seen = new Map<string, Set<string>>();
    for (const d of sample) {
      for (const r of evaluate(compiled, d, { now: NOW }).policies[0]!.rules)
        seen.set(r.rule, (seen.get(r.rule) ?? new Set()).add(r.status));
    }
    for (const rule of ["os", "sync", "threat", "fresh", "name", "pin", "patch", "apps"]) {
      expect(seen.get(rule), rule).toContain("pass");
      expect(seen.get(rule), rule).toContain("fail");
      expect(seen.get(rule), rule).toContain("error");
    }
  });
});

describe("arbitrarySnapshot satisfies the schema it came from", () => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const custom = loadFactSchema(
    {
      type: "object",
      required: ["id", "tags"],
      properties: {
        id: { type: "string", minLength: 3, maxLength: 8 },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1, maxItems: 2 },
        level: { type: "string", enum: ["low", "mid", "high"], "x-tenet-ordered": true },
        score: { type: "integer", minimum: 10, maximum: 20 },
        since: { type: "string", format: "date-time" },
        owner: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, age: { type: "number", minimum: 0 } },
        },
        history: { type: "object", additionalProperties: { type: "string", format: "date-time" } },
      },
      additionalProperties: false,
    },
    "asset",
    "asset.schema.json",
  ).value as FactSchema;

  it.each([
    ["a custom schema with required fields, lengths and item bounds", custom, undefined],
    ["the built-in device schema, near a policy", device, compiled],
    ["the built-in device schema, every field", device, undefined],
  ] as const)("%s", (_name, schema, near) => {
    const validate = ajv.compile(schema.json);
    const arb = arbitrarySnapshot(schema, { now: NOW, ...(near === undefined ? {} : { near }) });
    fc.assert(
      fc.property(arb, (snapshot) => {
        expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true);
      }),
      seeded("schema validity", 7, 300),
    );
  });

  it("never generates the `*` placeholder of a map as a key", () => {
    const maps = fc
      .sample(arbitrarySnapshot(custom, { now: NOW }), { seed: 3, numRuns: 200 })
      .map((s) => s.history as Record<string, unknown> | undefined);
    expect(maps.some((m) => m !== undefined && Object.keys(m).length > 0)).toBe(true);
    expect(maps.every((m) => m === undefined || !("*" in m))).toBe(true);
  });
});
