import { describe, expect, it } from "vitest";
import { loadFactSchema } from "@tenet/parser";
import { snapshotValidator } from "./validate-snapshot.js";

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
