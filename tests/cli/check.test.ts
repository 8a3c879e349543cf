import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NOW, ROOT, tenet } from "./run-cli.js";

const FLEET = "examples/fleet/devices.ndjson";
const base = ["check", "-p", "policies", "--now", NOW, "--tenant", "examples/tenant.json"];
const records = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          input: { line?: number };
          result?: { deviceName: string; state: string; waiversApplied: string[]; defaultPolicy: { failed: string[] } };
          error?: { code: string; line?: number };
        },
    );

describe("tenet check", () => {
  it("evaluates the example fleet with the answers Intune gives", () => {
    const r = tenet([...base, FLEET, "--format", "ndjson"]);
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out).toHaveLength(38);
    const state = (name: string) => out.find((o) => o.result?.deviceName === name)?.result;
    expect(state("LAPTOP-0001")?.state).toBe("compliant");
    expect(state("LAPTOP-0004-NOBITLOCKER")?.state).toBe("noncompliant"); // grace period of 72h ran out
    expect(state("LAPTOP-0005-FIREWALLOFF")?.state).toBe("inGracePeriod");
    expect(state("LAPTOP-0007-STALE")?.defaultPolicy.failed).toEqual(["isActive"]);
    expect(state("LAPTOP-0008-BADVERSION")?.state).toBe("error");
    expect(state("MAC-0021-NOFILEVAULT")?.state).toBe("inGracePeriod");
    expect(state("KIOSK-0010-WIN10")?.waiversApplied).toEqual(["windows-10-esu"]);
    expect(state("LAB-MAC-0023")?.state).toBe("compliant");
  });

  it("gives one output record per input record when lines in the middle are broken", () => {
    const lines = readFileSync(join(ROOT, FLEET), "utf8").trim().split("\n");
    const broken = [...lines.slice(0, 10), "{not json", '"a string"', '{"osVersion": 10}', ...lines.slice(10)].join(
      "\n",
    );
    const r = tenet([...base, "-", "--format", "ndjson"], { input: broken });
    expect(r.code).toBe(2);
    const out = records(r.stdout);
    expect(out).toHaveLength(lines.length + 3);
    expect(out.filter((o) => o.error !== undefined).map((o) => [o.error!.code, o.error!.line])).toEqual([
      ["CP5004", 11],
      ["CP4004", 12],
      ["CP4003", 13],
    ]);
    expect(out.filter((o) => o.result !== undefined)).toHaveLength(lines.length);
  });

  it("reads a Graph list, YAML, gzip, a directory and a glob to the same results", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-in-"));
    const graph = readFileSync(join(ROOT, "examples/fleet/devices.json"));
    mkdirSync(join(dir, "nested"));
    writeFileSync(join(dir, "nested", "fleet.json.gz"), gzipSync(graph));
    const first = (JSON.parse(graph.toString()) as { value: Record<string, unknown>[] }).value[0]!;
    writeFileSync(
      join(dir, "one.yaml"),
      `id: ${String(first["id"])}\ndeviceName: ${String(first["deviceName"])}\noperatingSystem: Windows\nosVersion: "10.0.26100.7171"\n`,
    );
    const states = (args: string[]) =>
      records(tenet([...base, ...args, "--format", "ndjson"]).stdout).map((o) => o.result?.state ?? o.error?.code);
    const fromJson = states(["examples/fleet/devices.json"]);
    expect(fromJson).toEqual(states([FLEET]));
    expect(states([join(dir, "nested", "fleet.json.gz")])).toEqual(fromJson);
    expect(states([dir])).toHaveLength(39);
    expect(states([`${dir}/**/*.gz`])).toEqual(fromJson);
    expect(states([join(dir, "one.yaml")])).toEqual(["error"]);
  });

  it("writes CSV with defused formulas", () => {
    const csv = tenet([...base, FLEET, "--format", "csv"]).stdout.split("\r\n");
    expect(csv[0]).toBe("source,line,deviceId,deviceName,platform,state,failedRules,errorRules,waivedRules,inputError");
    expect(csv).toHaveLength(40);
    const formula = tenet([...base, "-", "--format", "csv"], {
      input: '{"deviceName": "=HYPERLINK(\\"x\\")", "operatingSystem": "Linux"}\n',
    }).stdout;
    expect(formula).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("writes JUnit with one case per device: failures + errors = the table's count of devices failing --fail-on, and the exit code agrees", () => {
    for (const failOn of ["inGracePeriod", "error"]) {
      const junit = tenet([...base, FLEET, "--format", "junit", "--fail-on", failOn]);
      const [, tests, failures, errors] = /<testsuite name="tenet check" tests="(\d+)" failures="(\d+)" errors="(\d+)">/
        .exec(junit.stdout)!
        .map(Number);
      const table = tenet([...base, FLEET, "--format", "table", "--fail-on", failOn]).stdout;
      const failing = failOn === "never" ? 0 : Number(/(\d+) devices? fails? --fail-on/.exec(table)![1]);
      expect(tests, failOn).toBe(38);
      expect(failures! + errors!, failOn).toBe(failing);
      expect(junit.code, failOn).toBe(failing > 0 ? 1 : 0);
    }
    expect(tenet([...base, FLEET, "--format", "junit"]).stdout).toContain(
      '<testcase classname="macOS" name="MAC-0021-NOFILEVAULT"><failure type="inGracePeriod"',
    );
  });

  it("prints a table with a summary on request and exits 0 with --fail-on never", () => {
    const r = tenet([...base, FLEET, "--format", "table", "--fail-on", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("38 devices evaluated");
    expect(r.stdout).toMatch(/Top failing rules/);
  });

  it("stops with exit 3 and the rendered diagnostics when the policies have errors", () => {
    const r = tenet(["check", "-p", "tests/golden/diagnostics/CP2001_error_unknown-fact", FLEET, "--now", NOW]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error[CP2001]: unknown fact `device.osVerison`");
  });

  it("refuses bad flags with exit 2 and one clear line", () => {
    expect(tenet([...base, FLEET, "--now", "yesterday"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("`yesterday` is not a valid instant for `--now`"),
    });
    expect(tenet([...base, FLEET, "--format", "xml"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5005]: unknown format `xml`"),
    });
    expect(tenet(["check", "--bogus"])).toMatchObject({
      code: 2,
      stderr: "error[CP5200]: unknown option '--bogus'\n  help: run `tenet check --help` for usage\n",
    });
    expect(tenet(["check"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5017]: no snapshots given"),
    });
    // conftest's `-o` is the format: `-o json` must not silently write a file named `json`.
    expect(tenet([...base, FLEET, "-o", "json"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error[CP5208]: `-o json` would write a file named `json`"),
    });
  });

  it("shows a real example in --help", () => {
    expect(tenet(["check", "--help"]).stdout).toContain("$ tenet check -p policies examples/fleet/devices.ndjson");
  });
});

describe("hostile inputs", () => {
  it("skips a 40 MB single line with a clear record and keeps its neighbours, in bounded memory", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-long-"));
    const file = join(dir, "long.ndjson");
    writeFileSync(
      file,
      `{"id":"a","operatingSystem":"Linux"}\n{"x":"${"a".repeat(40 * 1024 * 1024)}"}\n{"id":"b","operatingSystem":"Linux"}\n`,
    );
    const r = tenet(["check", "-p", "policies", file, "--now", NOW, "--format", "csv", "--jobs", "1", "--stats"]);
    expect(r.code).toBe(2);
    const rows = r.stdout.trim().split("\r\n");
    expect(rows).toHaveLength(4);
    expect(rows[2]).toContain("CP5010: record is longer than 16777216 bytes");
    expect(Number(/peak RSS (\d+) MB/.exec(r.stderr)?.[1])).toBeLessThan(300);
  });

  it("reports a missing file, an empty file and a binary file by name and goes on", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-bad-"));
    writeFileSync(join(dir, "empty.json"), "");
    writeFileSync(join(dir, "binary.json"), Buffer.from([0, 159, 146, 150, 0, 1]));
    const r = tenet([
      ...base,
      join(dir, "missing.json"),
      join(dir, "empty.json"),
      join(dir, "binary.json"),
      FLEET,
      "--format",
      "csv",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("CP5001: no such file or directory");
    expect(r.stdout).toContain("is empty");
    expect(r.stdout).toContain("CP5009: `" + join(dir, "binary.json") + "` is not text");
    expect(r.stdout.trim().split("\r\n")).toHaveLength(1 + 3 + 38);
  });
});
