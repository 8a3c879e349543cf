import { mkdtempSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, ROOT, tenet } from "./run-cli.js";

const explain = [
  "explain",
  "-p",
  "policies",
  "examples/fleet/devices.json",
  "--now",
  NOW,
  "--tenant",
  "examples/tenant.json",
];

describe("tenet explain", () => {
  it("shows every rule of the policies that apply, with actual, expected, fix and remediation, and exits 1 for a noncompliant device", () => {
    const r = tenet([...explain, "--device", "LAPTOP-0004-NOBITLOCKER"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^LAPTOP-0004-NOBITLOCKER \(Windows\): noncompliant at 2026-11-25T12:00:00.000Z/);
    expect(r.stdout).toContain("✗ bitlocker BitLocker protects the system drive: fail");
    expect(r.stdout).toContain(
      'device.deviceHealthAttestationState.bitLockerStatus is "disabled", expected == enabled',
    );
    expect(r.stdout).toContain("remediation: Turn on BitLocker");
    expect(r.stdout).toContain("✓ secure-boot Secure Boot is on: pass");
    expect(r.stdout).toContain("action due: markNoncompliant for windows-baseline");
  });

  it("exits 0 for a compliant device and gives the full result model with --format json", () => {
    const r = tenet([...explain, "--device", "LAPTOP-0001", "--format", "json"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      state: string;
      deviceName: string;
      policies: { policy: string; rules: { status: string; explanation?: unknown }[] }[];
    };
    expect(result).toMatchObject({ state: "compliant", deviceName: "LAPTOP-0001" });
    expect(result.policies.find((p) => p.policy === "windows-baseline")?.rules.every((x) => x.status === "pass")).toBe(
      true,
    );
  });

  it("refuses an unknown device and an unknown format with exit 2", () => {
    expect(tenet([...explain, "--device", "NOPE"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5204]: no device `NOPE`"),
    });
    // A near miss gets the closest ids; a file of several devices without --device asks for one.
    expect(tenet([...explain, "--device", "LAPTOP-0004-NOBITLOCKR"]).stderr).toContain(
      "help: did you mean `LAPTOP-0004-NOBITLOCKER`",
    );
    expect(tenet(explain)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "error[CP5205]: `examples/fleet/devices.json` holds 38 devices; `explain` takes one\n  help: " +
          "pick one with `--device`, e.g. `--device LAPTOP-0001`",
      ),
    });
    expect(tenet([...explain, "--format", "xml"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5005]: unknown format `xml`"),
    });
  });
});

describe("tenet schema", () => {
  it("prints the built-in device and signIn schemas as they ship", () => {
    for (const [which, file] of [
      ["device", "device.schema.json"],
      ["signIn", "signin.schema.json"],
    ]) {
      const r = tenet(["schema", which!]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(
        JSON.parse(readFileSync(join(ROOT, "packages/parser/schemas", file!), "utf8")),
      );
    }
    expect(tenet(["schema", "printer"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5015]: invalid value `printer` for `[which]`"),
    });
  });

  it("checks a custom schema and lists the facts it declares, list elements included", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-schema-"));
    const good = join(dir, "facts.schema.json");
    writeFileSync(
      good,
      JSON.stringify({
        type: "object",
        properties: {
          osVersion: { type: "string", format: "version" },
          tier: { type: "string", enum: ["low", "high"], "x-tenet-ordered": true },
          apps: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
        },
      }),
    );
    const r = tenet(["schema", "--check", good]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(1, 5)).toEqual([
      "  device.osVersion: version",
      "  device.tier: ordered enum (low < high)",
      "  device.apps: list of object",
      "  device.apps[].name: string",
    ]);
    const bad = join(dir, "bad.schema.json");
    writeFileSync(bad, JSON.stringify({ type: "string" }));
    expect(tenet(["schema", "--check", bad])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("the root must describe an object"),
    });
  });
});

describe("tenet.config.yaml / .json", () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-config-"));
    cpSync(join(ROOT, "policies"), join(dir, "rules"), { recursive: true });
    cpSync(join(ROOT, "examples/fleet/devices.ndjson"), join(dir, "fleet.ndjson"));
    return dir;
  };

  it("supplies policy, now and format defaults, and flags override them", () => {
    const dir = project();
    writeFileSync(join(dir, "tenet.config.yaml"), `policy: rules\nnow: "${NOW}"\nformat: csv\n`);
    const fromConfig = tenet(["check", "fleet.ndjson", "--fail-on", "never"], { cwd: dir });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout.split("\r\n")[0]).toMatch(/^source,line,deviceId/);
    expect(fromConfig.stdout.trim().split("\r\n")).toHaveLength(39);
    const explicit = tenet(
      ["check", "-p", join(ROOT, "policies"), "fleet.ndjson", "--now", NOW, "--format", "csv", "--fail-on", "never"],
      { cwd: dir },
    );
    expect(fromConfig.stdout).toBe(explicit.stdout);
    const overridden = tenet(["check", "fleet.ndjson", "--format", "ndjson", "--fail-on", "never"], { cwd: dir });
    expect(JSON.parse(overridden.stdout.split("\n")[0]!)).toHaveProperty("result");
  });

  it("reads tenet.config.json, and names an unknown key with exit 2", () => {
    const dir = project();
    writeFileSync(join(dir, "tenet.config.json"), JSON.stringify({ policy: ["rules"], now: NOW }));
    expect(tenet(["lint"], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, "tenet.config.json"), JSON.stringify({ policy: "rules", polcy: "x" }));
    expect(tenet(["check", "fleet.ndjson"], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown key `polcy`"),
    });
  });
});
