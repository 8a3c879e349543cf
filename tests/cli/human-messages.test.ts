/**
 * What a person reads says things in words: no JavaScript value names (`undefined`, `null`,
 * `NaN`, `[object Object]`) in any text output, counts with the right noun (`1 device`), and the
 * built-in `isActive` failure names the last check-in and the validity period.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

/** Devices whose facts are null, missing, or not what the schema wants. */
const TRICKY = [
  { id: "d-null", deviceName: "LAPTOP-NULLS", operatingSystem: "Windows", osVersion: null, isEncrypted: null },
  {
    id: "d-bad-sync",
    deviceName: "LAPTOP-BADSYNC",
    operatingSystem: "Windows",
    osVersion: "10.0.26100.1",
    lastSyncDateTime: "last tuesday",
    isEncrypted: true,
  },
  {
    id: "d-old",
    deviceName: "MAC-OLD",
    operatingSystem: "macOS",
    osVersion: "13.1",
    lastSyncDateTime: "2026-09-01T00:00:00Z",
  },
  { id: "d-ios", deviceName: "IPHONE-EMPTY", operatingSystem: "iOS", osVersion: "", passcodeSet: null },
];

const dir = mkdtempSync(join(tmpdir(), "tenet-messages-"));
const fleet = join(dir, "tricky.ndjson");
writeFileSync(fleet, TRICKY.map((d) => JSON.stringify(d)).join("\n") + "\n");
const one = join(dir, "one.ndjson");
writeFileSync(one, `${JSON.stringify(TRICKY[2])}\n`);

const JS_WORDS = /\b(undefined|null|NaN)\b|\[object Object\]/;
/** A count of one with a plural noun, e.g. `1 devices`. */
const ONE_PLURAL =
  /(?<![\d.])\b1 (devices|files|records|rules|errors|warnings|properties|cases|policies|runs|mutants|sign-ins|problems)\b/;

const words = (text: string) => {
  expect(text).not.toMatch(JS_WORDS);
  expect(text).not.toMatch(ONE_PLURAL);
  return text;
};

describe("messages a person reads", () => {
  it.each(["table", "github", "junit"])("check -f %s on null, missing and malformed facts", (format) => {
    const r = tenet(["check", "-p", "policies", fleet, "--now", NOW, "-f", format]);
    expect(r.code).toBe(1);
    words(r.stdout + r.stderr);
  });

  it("explain of each such device", () => {
    for (const device of TRICKY) {
      const r = tenet(["explain", "-p", "policies", fleet, "--device", device.deviceName, "--now", NOW]);
      expect(r.code, device.deviceName).toBe(1);
      words(r.stdout + r.stderr);
    }
  });

  it("counts of one are singular: check, lint, fmt", () => {
    expect(words(tenet(["check", "-p", "policies", one, "--now", NOW, "-f", "table"]).stdout)).toMatch(
      /^1 device fails --fail-on inGracePeriod$/m,
    );
    const policy = join(dir, "p.tenet");
    writeFileSync(policy, 'compliance p "P" {rule r "R" {require device.isEncrypted remediation "x"}}');
    words(tenet(["lint", policy]).stdout);
    expect(words(tenet(["fmt", "--check", policy]).stderr)).toBe("1 file of 1 is not formatted; run `tenet fmt`\n");
    expect(words(tenet(["fmt", policy]).stderr)).toBe("formatted 1 of 1 file\n");
  });

  it("isActive says the last check-in and the validity period", () => {
    const table = tenet(["check", "-p", "policies", fleet, "--now", NOW, "-f", "table"]).stdout;
    expect(table).toContain(
      "✗ built-in isActive: last check-in 2026-09-01T00:00:00Z is older than the 30-day validity period",
    );
    expect(table).toContain(
      "✗ built-in isActive: the last check-in `last tuesday` is not a date-time, so the 30-day validity period cannot be shown to be met",
    );
    const tenant = join(dir, "tenant.json");
    writeFileSync(tenant, JSON.stringify({ deviceComplianceCheckinThresholdDays: 60 }));
    const explained = tenet(["explain", "-p", "policies", one, "--now", NOW, "--tenant", tenant]).stdout;
    expect(explained).toContain(
      "isActive: last check-in 2026-09-01T00:00:00Z is older than the 60-day validity period",
    );
    const json = JSON.parse(tenet(["check", "-p", "policies", one, "--now", NOW, "-f", "json"]).stdout) as {
      result: { defaultPolicy: unknown };
    }[];
    expect(json[0]!.result.defaultPolicy).toEqual({
      state: "noncompliant",
      failed: ["isActive"],
      inactive: { lastSyncDateTime: "2026-09-01T00:00:00Z", thresholdDays: 30 },
    });
  });
});
