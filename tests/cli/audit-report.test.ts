import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

const FLEET = "examples/fleet/devices.ndjson";
const run = (log: string, now: string, extra: string[] = []) =>
  tenet(["check", "-p", "policies", FLEET, "--now", now, "--format", "csv", "--audit-log", log, ...extra]);

describe("audit log", () => {
  it("chains one record per run and names an edited, removed or reordered record", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-audit-"));
    const log = join(dir, "audit.ndjson");
    for (const day of ["21", "22", "23", "24"]) run(log, `2026-11-${day}T12:00:00Z`);
    expect(tenet(["audit", "verify", log])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("the chain is intact"),
    });
    const lines = readFileSync(log, "utf8").trim().split("\n");
    const record = JSON.parse(lines[1]!) as { counts: Record<string, number>; policySetHash: string; by?: string };
    expect(Object.keys(record.counts).sort()).toEqual([
      "compliant",
      "error",
      "inGracePeriod",
      "inputErrors",
      "noncompliant",
    ]);
    expect(lines.join("\n")).not.toContain("contoso.com"); // never personal data

    const edited = [...lines];
    edited[1] = JSON.stringify({ ...record, counts: { ...record.counts, compliant: 99 } });
    writeFileSync(log, `${edited.join("\n")}\n`);
    expect(tenet(["audit", "verify", log])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining("record 2 (seq 2) was edited"),
    });

    writeFileSync(log, `${[lines[0], lines[2], lines[3]].join("\n")}\n`);
    expect(tenet(["audit", "verify", log]).stdout).toContain("record 2 (seq 3) does not follow record 1");
    writeFileSync(log, `${[lines[0], lines[2], lines[1], lines[3]].join("\n")}\n`);
    expect(tenet(["audit", "verify", log]).code).toBe(1);
  });

  it("drops old records behind a retention marker and stays verifiable", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-audit-"));
    const log = join(dir, "audit.ndjson");
    for (const day of ["21", "22", "23", "24"]) run(log, `2026-11-${day}T12:00:00Z`);
    run(log, "2026-11-25T13:00:00Z", ["--retain", "2"]);
    const kinds = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; seq: number });
    expect(kinds.map((k) => `${k.kind}:${k.seq}`)).toEqual(["run:4", "run:5", "retention:6"]);
    expect(tenet(["audit", "verify", log]).code).toBe(0);
    expect(tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--retain", "2"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5201]: `--retain` needs `--audit-log or --history`"),
    });
  });
});

describe("audit verify output", () => {
  it("speaks text, JSON and SARIF like the other commands, with the same verdict and exit code", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-audit-format-"));
    const log = join(dir, "audit.ndjson");
    run(log, "2026-11-21T12:00:00Z");
    expect(tenet(["audit", "verify", log]).stdout).toMatch(/the chain is intact: 1 record, head 1:[0-9a-f]{64}\n$/);
    const intact = tenet(["audit", "verify", log, "-f", "json"]);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({
      file: log,
      intact: true,
      records: 1,
      macsChecked: false,
      diagnostics: [],
    });
    const [line] = readFileSync(log, "utf8").trim().split("\n");
    writeFileSync(log, `${line!.replace('"now":"2026-11-21T12:00:00.000Z"', '"now":"2026-11-20T12:00:00.000Z"')}\n`);
    const broken = tenet(["audit", "verify", log, "--format", "json"]);
    expect(broken.code).toBe(1);
    const verdict = JSON.parse(broken.stdout) as { intact: boolean; diagnostics: { code: string }[] };
    expect(verdict.intact).toBe(false);
    expect(verdict.diagnostics.map((d) => d.code)).toEqual(["CP5070"]);
    const sarif = tenet(["audit", "verify", log, "-f", "sarif"]);
    expect(sarif.code).toBe(1);
    expect(
      (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results.map((r) => r.ruleId),
    ).toEqual(["CP5070"]);
    expect(tenet(["audit", "verify", log, "-f", "xml"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("CP5005"),
    });
  });
});

describe("privacy", () => {
  it("--redact removes personal values from every output record", () => {
    const plain = tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--format", "json"]).stdout;
    expect(plain).toContain("LAPTOP-0001");
    const redacted = tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--format", "json", "--redact"]).stdout;
    expect(redacted).not.toContain("LAPTOP-0001");
    expect(redacted).not.toMatch(/user\d+@contoso\.com/);
    expect(redacted).toContain("[redacted]");
  });

  it("--redact-key gives stable pseudonyms: HMAC-SHA256 of the value, the same across runs and threads, another with another key", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-redact-"));
    const key = join(dir, "redact.key");
    writeFileSync(key, "correct horse battery staple\n");
    const run = (args: string[], env: Record<string, string> = {}) =>
      tenet(["check", "-p", "policies", FLEET, "--now", NOW, "--format", "csv", ...args], { env });
    const first = run(["--redact-key", key]);
    expect(first.code).toBe(1);
    expect(first.stdout).not.toContain("LAPTOP-0001");
    // The documented construction: the first 16 hex digits of HMAC-SHA256(key without its newline, value).
    const expected = createHmac("sha256", "correct horse battery staple")
      .update("LAPTOP-0001")
      .digest("hex")
      .slice(0, 16);
    expect(first.stdout.split("\n")[1]).toContain(`,[redacted:${expected}],`);
    // Worker threads (past the first 512 records) key the same way as the main thread.
    const big = (jobs: string) =>
      tenet([
        "check",
        "-p",
        "policies",
        "examples/fleet/fleet-2000.ndjson",
        "--now",
        NOW,
        "-f",
        "csv",
        "--redact-key",
        key,
        "--jobs",
        jobs,
      ]).stdout;
    const oneThread = big("1");
    expect(oneThread).toMatch(/\[redacted:[0-9a-f]{16}\]/);
    expect(big("2")).toBe(oneThread);
    expect(run(["--redact"], { TENET_REDACT_KEY_FILE: key }).stdout).toBe(first.stdout);
    const other = run(["--redact"], { TENET_REDACT_KEY: "another key of sixteen bytes" }).stdout;
    expect(other).toMatch(/\[redacted:[0-9a-f]{16}\]/);
    expect(other).not.toContain(expected);
    writeFileSync(key, "too short");
    expect(run(["--redact-key", key])).toMatchObject({
      code: 2,
      stdout: "",
      stderr: expect.stringContaining("error[CP5232]"),
    });
  });
});

describe("tenet report", () => {
  it("reports each ISO 27001 control with its rules, pass share, open waivers and gaps", () => {
    const r = tenet(["report", "--framework", "iso27001", "-p", "policies", FLEET, "--now", NOW, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      devices: number;
      controls: { id: string; rules: string[]; inScope: number; passing: number; waivers: { name: string }[] }[];
      gaps: { id: string }[];
    };
    expect(report.devices).toBe(38);
    const crypto = report.controls.find((c) => c.id === "A.8.24")!;
    expect(crypto.rules).toContain("macos-baseline.filevault");
    expect(crypto.passing).toBeLessThan(crypto.inScope);
    expect(report.controls.find((c) => c.id === "A.8.1")!.waivers.map((w) => w.name)).toEqual([
      "imaging-lab-macs",
      "windows-10-esu",
    ]);
    expect(report.gaps.map((g) => g.id)).toContain("A.8.9");
    expect(tenet(["report", "--framework", "iso2700", "-p", "policies", FLEET]).code).toBe(2);
  });
});
