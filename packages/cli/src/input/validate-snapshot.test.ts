import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { builtinSchema, loadFactSchema, nullableSchema } from "@tenet/parser";
import { SNAPSHOT_AJV_OPTIONS, snapshotValidator } from "./validate-snapshot.js";

// A user's schema whose root demands more than its properties: a required field and no others.
const schema = loadFactSchema(
  {
    type: "object",
    "x-tenet-root": "host",
    properties: { kernel: { type: "string" }, uptime: { type: "number" }, owner: { type: "string" } },
    required: ["uptime"],
    additionalProperties: false,
  },
  "host",
  "host.schema.json",
).value!;
const validate = snapshotValidator(schema, new Set(["kernel"]));
const codeOf = (value: object) => {
  const r = validate({ source: "hosts.ndjson", index: 0, line: 1, value });
  return r.error === undefined ? "ok" : `${r.error.code} ${r.error.message.match(/`[^`]*`/)?.[0] ?? ""}`;
};

describe("snapshotValidator with the fields read", () => {
  it("checks the fields read and leaves the others alone", () => {
    expect(codeOf({ kernel: "6.8", uptime: 1 })).toBe("ok");
    expect(codeOf({ kernel: "6.8", uptime: "long", owner: 7 })).toBe("ok");
    expect(codeOf({ kernel: 6.8, uptime: 1 })).toBe("CP4003 `/kernel`");
  });

  it("keeps what the schema's root demands: required fields, and no fields it does not declare", () => {
    expect(codeOf({ kernel: "6.8" })).toMatch(/^CP4003 `\/`/);
    expect(codeOf({ kernel: "6.8", uptime: 1, extra: true })).toMatch(/^CP4003 `\/`/);
  });

  it("checks every field without the set", () => {
    const whole = snapshotValidator(schema);
    expect(whole({ source: "h", index: 0, value: { kernel: "6.8", uptime: "long" } }).error?.code).toBe("CP4003");
  });
});

describe("snapshotValidator on the built-in device schema", () => {
  // The built CLI validates device records in one pass with the generated per-field validators;
  // from source they are compiled here the way scripts/device-validator.mjs generates them.
  const device = builtinSchema("device");
  const nullable = nullableSchema(device.json) as { properties: Record<string, object> };
  const ajv = new Ajv(SNAPSHOT_AJV_OPTIONS);
  const fields = new Map(Object.entries(nullable.properties).map(([name, sub]) => [name, ajv.compile(sub)]));
  const reads = new Set([
    "operatingSystem",
    "osVersion",
    "isEncrypted",
    "deviceHealthAttestationState",
    "detectedApps",
  ]);
  const deep = (n: number): unknown => (n === 0 ? 1 : { d: deep(n - 1) });
  const records: Record<string, unknown>[] = [
    { id: "a", operatingSystem: "Windows", osVersion: "10.0.26100", isEncrypted: true },
    // Placeholders, one of them inside a member object, beside real values.
    {
      id: "b",
      operatingSystem: "Windows",
      imei: "",
      lastSyncDateTime: "0001-01-01T00:00:00Z",
      managedDeviceOwnerType: "unknown",
      deviceHealthAttestationState: { issuedDateTime: "0001-01-01T00:00:00Z", bitLockerStatus: "enabled" },
    },
    // A field read with the wrong type, after a placeholder and before another bad field.
    { id: "c", imei: "", isEncrypted: "yes", osVersion: 10 },
    // A field not read may hold anything.
    { id: "d", isEncrypted: true, deviceName: 7 },
    { id: "e", detectedApps: [{ displayName: "Slack", version: 4 }] },
    // Past the size limits, with bad fields too: the size is named first.
    { id: "f", isEncrypted: "no", extra: deep(70) },
    { id: "g", lastSyncDateTime: "0001-01-01T00:00:00Z", extra: Array.from({ length: 200_001 }, () => 0) },
  ];
  const run = (check: ReturnType<typeof snapshotValidator>, value: Record<string, unknown>) => {
    const copy = structuredClone(value);
    const r = check({ source: "d.ndjson", index: 0, line: 1, value: copy });
    return { code: r.error?.code, message: r.error?.message, cleared: r.cleared, value: r.error ? undefined : r.value };
  };

  it("finds what the whole schema's validator finds, and clears the same placeholders", () => {
    const found: unknown[] = [];
    for (const withReads of [reads, undefined]) {
      const onePass = snapshotValidator(device, withReads, fields);
      const separate = snapshotValidator(device, withReads, undefined);
      for (const value of records) {
        const got = run(onePass, value);
        expect(got).toEqual(run(separate, value));
        if (withReads === reads) found.push(got.code ?? (got.cleared ? "cleared" : "ok"));
      }
    }
    expect(found).toEqual(["ok", "cleared", "CP4003", "ok", "CP4003", "CP5061", "CP5061"]);
    const onePass = snapshotValidator(device, reads, fields);
    // Past the value limit in top-level fields alone.
    const wide = Object.fromEntries(Array.from({ length: 200_001 }, (_, i) => [`k${i}`, 0]));
    expect(onePass({ source: "d.ndjson", index: 0, value: wide }).error?.code).toBe("CP5061");
  });
});
