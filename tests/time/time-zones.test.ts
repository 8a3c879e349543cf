// The same evaluation under several machine time zones gives the same bytes: `now` and every
// timestamp without a zone are UTC by rule (docs/semantics.md), never the process's local time.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, tenet } from "../cli/run-cli.js";

const ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];

// Library callers: the one-call helper, a prepared evaluation, a test file and a generator,
// each given `now` without a zone, and a policy whose answer moves if that `now` moves by an hour.
const LIBRARY = `
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, evaluate, prepare } from "@tenet/evaluator";
import { arbitrarySnapshot, runTestFile } from "@tenet/testing";
import fc from "fast-check";
const text = 'compliance fresh {\\n  platform windows\\n  rule synced { require device.lastSyncDateTime within 1d }\\n}\\n';
const compiled = compile(loadPolicySources([{ path: "fresh.tenet", text }]).value);
const device = { id: "d1", operatingSystem: "Windows", lastSyncDateTime: "2026-11-24T12:00:00Z" };
const now = "2026-11-25T12:00:00";
const out = {
  evaluate: evaluate(compiled, device, { now }),
  prepared: prepare(compiled, { now: parseInstant(now).value }).evaluate({ ...device, lastSyncDateTime: "2026-11-24T11:30:00" }),
  testFile: runTestFile({ now, cases: [{ name: "at the edge", device, expect: { state: "compliant" } }] }, { file: "t.test.yaml", compiled }).map((r) => [r.passed, r.nowMs]),
  generated: fc.sample(arbitrarySnapshot(compiled.set.schemas.device, { near: compiled, now }), { seed: 7, numRuns: 5 }),
};
process.stdout.write(JSON.stringify(out));
`;

function library(tz: string): string {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", LIBRARY], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  return r.stdout;
}

describe("time zones", () => {
  it("the command line gives the same bytes in every TZ, for a `--now` with and without a zone", () => {
    const args = (now: string) => [
      "check",
      "-p",
      "policies",
      "examples/fleet/devices.ndjson",
      "--tenant",
      "examples/tenant.json",
      "--now",
      now,
      "--format",
      "json",
      "--fail-on",
      "never",
    ];
    const runs = ZONES.map((tz) => tenet(args("2026-11-25T12:00:00"), { env: { TZ: tz } }));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(runs[0]!.stdout);
    }
    expect(runs[0]!.stdout).toBe(tenet(args("2026-11-25T12:00:00Z")).stdout);
  });
  it("the libraries give the same bytes in every TZ, and read a `now` without a zone as UTC", () => {
    const outputs = ZONES.map(library);
    for (const out of outputs) expect(out).toBe(outputs[0]);
    const parsed = JSON.parse(outputs[0]!);
    expect(parsed.evaluate.now).toBe("2026-11-25T12:00:00.000Z");
    // Exactly one day old at 12:00 UTC: `within 1d` holds; read as New York time it would not.
    expect(parsed.evaluate.state).toBe("compliant");
    expect(parsed.prepared.state).toBe("noncompliant");
    expect(parsed.testFile).toEqual([[true, Date.UTC(2026, 10, 25, 12)]]);
  });
});
