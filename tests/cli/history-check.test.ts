import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HistoryStore } from "@tenet/history";
import { ROOT, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-history-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FLEET = "examples/fleet/devices.ndjson";
const DEVICE = "a1b2c3d4-0000-4000-8000-000000000003";
const check = (now: string, extra: string[] = [], env: Record<string, string> = {}) =>
  tenet(
    [
      "check",
      "-p",
      "policies",
      FLEET,
      "--tenant",
      "examples/tenant.json",
      "--now",
      now,
      "--fail-on",
      "never",
      ...extra,
    ],
    { env },
  );

type Line = {
  result: {
    deviceId: string;
    state: string;
    policies: { policy: string; state: string; noncompliantSince?: string }[];
    actions: { due: { action: string }[] };
  };
};
const device = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line)
    .find((l) => l.result.deviceId === DEVICE)!.result;

describe("tenet check --history", () => {
  // One store for the whole file: creating an embedded database takes seconds.
  const store = join(dir, "daily");

  it("writes the same output as without a store on the first run, and records the run", { timeout: 300_000 }, () => {
    const plain = check("2026-11-25T12:00:00Z", ["--format", "ndjson"]);
    const recorded = check("2026-11-25T12:00:00Z", ["--format", "ndjson", "--history", store]);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toBe(plain.stdout);
    expect(recorded.stderr).toBe(
      `history: run 1 recorded in ${store}: 38 devices, 38 changed, 0 gone, 38 new snapshots\n`,
    );
    expect(device(recorded.stdout).state).toBe("inGracePeriod");
  });

  it(
    "takes each device's previous state from the store: the grace period started at the first run ends on time",
    { timeout: 300_000 },
    () => {
      const second = check("2026-11-27T12:00:00Z", ["--format", "csv", "--history", store]);
      expect(second.stderr).toBe(
        `history: run 2 recorded in ${store}: 38 devices, 7 changed, 0 gone, 0 new snapshots\n`,
      );
      const later = device(check("2026-11-28T13:00:00Z", ["--format", "ndjson", "--history", store, "-q"]).stdout);
      // 72 hours after it was first found failing on the 25th, the device is marked noncompliant.
      expect(later.state).toBe("noncompliant");
      expect(later.policies.find((p) => p.policy === "windows-baseline")!.noncompliantSince).toBe(
        "2026-11-25T12:00:00.000Z",
      );
      expect(later.actions.due.map((a) => a.action)).toEqual(["notify", "markNoncompliant"]);
      // Without the store the same snapshot looks newly failing: the grace period would restart every day.
      const forgetful = device(check("2026-11-28T13:00:00Z", ["--format", "ndjson"]).stdout);
      expect(forgetful.state).toBe("inGracePeriod");
    },
  );

  it(
    "reads the store from tenet.config.yaml, and names a bad store with its code (exit 2)",
    { timeout: 300_000 },
    () => {
      const project = join(dir, "project");
      mkdirSync(project);
      writeFileSync(
        join(project, "tenet.config.yaml"),
        `policy: ${join(ROOT, "policies")}\ntenant: ${join(ROOT, "examples/tenant.json")}\nhistory: ${store}\n`,
      );
      const r = tenet(
        ["check", join(ROOT, FLEET), "--now", "2026-11-29T13:00:00Z", "--format", "csv", "--fail-on", "never"],
        { cwd: project },
      );
      expect(r.stderr).toMatch(
        new RegExp(`^history: run 4 recorded in ${store}: 38 devices, \\d+ changed, 0 gone, 0 new snapshots\n$`),
      );

      const notStore = join(dir, "not-a-store");
      mkdirSync(notStore);
      writeFileSync(join(notStore, "notes.txt"), "x");
      const bad = check("2026-11-25T12:00:00Z", ["--history", notStore]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`error[CP5108]: \`${notStore}\` is not a Tenet history store`);

      const unreachable = tenet(["check", "-p", "policies", FLEET, "--now", "2026-11-25T12:00:00Z"], {
        env: { TENET_HISTORY_URL: "postgres://tenet:secret@127.0.0.1:1/none" },
      });
      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toMatch(
        /^error\[CP5103\]: cannot open the history store `postgres:\/\/tenet:\*\*\*@127\.0\.0\.1:1\/none`/,
      );
      expect(unreachable.stderr).not.toContain("secret");
    },
  );

  it(
    "reports a framework as of an instant from the store: the same figures `report` gave on that run's snapshots, with the run's hashes and a trend",
    { timeout: 300_000 },
    () => {
      const plain = tenet([
        "report",
        "--framework",
        "iso27001",
        "-p",
        "policies",
        FLEET,
        "--tenant",
        "examples/tenant.json",
        "--now",
        "2026-11-25T12:00:00Z",
        "-f",
        "json",
      ]);
      const asOf = tenet([
        "report",
        "--framework",
        "iso27001",
        "--as-of",
        "2026-11-25T20:00:00Z",
        "--period",
        "30d",
        "--history",
        store,
      ]);
      expect(asOf.code).toBe(0);
      expect(asOf.stdout).toMatch(
        /^As of 2026-11-25T20:00:00.000Z: run 1 of .* \(recorded at 2026-11-25T12:00:00.000Z\)\n/,
      );
      expect(asOf.stdout).toContain("replayed from the store: identical for all 38 devices");
      const json = tenet([
        "report",
        "--framework",
        "iso27001",
        "--as-of",
        "2026-11-28T20:00:00Z",
        "--period",
        "30d",
        "--history",
        store,
        "-f",
        "json",
      ]);
      const { asOf: proof, period } = JSON.parse(json.stdout) as {
        asOf: { run: number; replayIdentical: boolean; rowHash: string };
        period: { controls: { key: string; trend: { day: string }[] }[] };
      };
      expect(proof).toMatchObject({ run: 3, replayIdentical: true });
      const runs = tenet(["history", "runs", "--history", store, "--format", "json"]);
      expect((JSON.parse(runs.stdout) as { rows: { run: number; rowHash: string }[] }).rows[2]!.rowHash).toBe(
        proof.rowHash,
      );
      expect(new Set(period.controls.flatMap((c) => c.trend.map((p) => p.day)))).toEqual(
        new Set(["2026-11-25", "2026-11-27", "2026-11-28"]),
      );
      // The snapshots of run 1 are the example fleet evaluated on the 25th: the as-of report of run 1 is that report.
      const first = JSON.parse(
        tenet([
          "report",
          "--framework",
          "iso27001",
          "--as-of",
          "2026-11-25T20:00:00Z",
          "--history",
          store,
          "-f",
          "json",
        ]).stdout,
      ) as Record<string, unknown>;
      delete first["asOf"];
      expect(first).toEqual(JSON.parse(plain.stdout));
      const noStore = tenet(["report", "--framework", "iso27001", "--as-of", "2026-11-25T20:00:00Z", FLEET]);
      expect(noStore.code).toBe(2);
      expect(noStore.stderr).toContain("error[CP5200]");
    },
  );

  it(
    "keeps personal values out of the store under --redact, as the output's pseudonyms with a key",
    { timeout: 300_000 },
    async () => {
      const redacted = join(dir, "redacted");
      const env = { TENET_REDACT_KEY: "a redaction key of 32 characters" };
      const r = check("2026-11-25T12:00:00Z", ["--format", "ndjson", "--history", redacted, "--redact", "-q"], env);
      expect(r.code).toBe(0);
      const opened = await HistoryStore.open(redacted, { tool: "tenet test" });
      try {
        const stored = JSON.stringify([
          await opened.driver.query("SELECT body FROM snapshots"),
          await opened.driver.query("SELECT body FROM outcomes"),
          await opened.driver.query("SELECT name FROM device_spans"),
        ]);
        expect(stored).not.toMatch(/@contoso\.com|LAPTOP-0001/);
        // The store holds the pseudonyms the output shows, so its rows join with the redacted reports.
        const name = (JSON.parse(r.stdout.split("\n")[0]!) as { result: { deviceName: string } }).result.deviceName;
        expect(name).toMatch(/^\[redacted:[0-9a-f]{16}\]$/);
        expect(stored).toContain(name);
        expect((await opened.run(1)).redacted).toBe(true);
        // Replay works from what was stored: the one device whose outcome hung on a personal value (a waiver
        // scoped by device name) is named, not silently recomputed as something else.
        expect((await opened.replay(1)).mismatches.map((m) => m.deviceId)).toEqual([
          "a1b2c3d4-0000-4000-8000-000000000023",
        ]);
      } finally {
        await opened.close();
      }
    },
  );

  it("answers `history at`, `device` and `replay` from the store, and `audit verify --history` finds a deleted run", async () => {
    const log = join(dir, "audit.ndjson");
    const fifth = check("2026-12-05T12:00:00Z", ["--format", "csv", "--history", store, "--audit-log", log, "-q"]);
    expect(fifth.code).toBe(0);
    const at = tenet(["history", "at", "2026-11-28T20:00:00Z", "--history", store, "--format", "json"]);
    const answer = JSON.parse(at.stdout) as {
      run: number;
      rows: { deviceId: string; state: string; firstFoundNoncompliant: string }[];
    };
    expect(answer.run).toBe(3);
    expect(answer.rows.find((r) => r.deviceId === DEVICE)).toMatchObject({
      state: "noncompliant",
      firstFoundNoncompliant: "2026-11-25T12:00:00.000Z",
    });
    const timeline = tenet(["history", "device", DEVICE, "--history", store, "--format", "csv"]);
    expect(timeline.stdout.split("\r\n").slice(0, 3)).toEqual([
      "run,at,state,cause,details",
      "1,2026-11-25T12:00:00.000Z,inGracePeriod,first seen,policy windows-baseline: inGracePeriod (os-supported fail)",
      "3,2026-11-28T13:00:00.000Z,noncompliant,time passed,policy windows-baseline: inGracePeriod -> noncompliant; action markNoncompliant of windows-baseline fell due at 2026-11-28T12:00:00.000Z",
    ]);
    const replay = tenet(["history", "replay", "5", "--history", store, "--format", "json"]);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ run: 5, devices: 38, identical: true, rows: [] });
    expect(tenet(["audit", "verify", log, "--history", store]).stdout).toContain(`${log}: the chain is intact`);
    const opened = await HistoryStore.open(store, { tool: "tenet test" });
    // Someone removes the last run from the store, rows and all: the store's own chain cannot tell, the audit log can.
    await opened.driver.exec(
      "DELETE FROM device_spans WHERE from_run = 5; UPDATE device_spans SET to_run = NULL WHERE to_run = 5; DELETE FROM runs WHERE id = 5;",
    );
    await opened.close();
    const broken = tenet(["audit", "verify", log, "--history", store]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe(
      `${log}:1:1: error[CP5082]: record 1 names history run 5, which is not in the store: it was deleted\n`,
    );
  }, 300_000);

  it("names what is wrong with a history command in a coded message", () => {
    const noStore = tenet(["history", "runs"]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain("error[CP5218]: no history store");
    const unknown = tenet(["history", "device", "no-such-device", "--history", store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error[CP5219]: device `no-such-device` is in no recorded run");
    const badRun = tenet(["history", "replay", "first", "--history", store]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toContain("error[CP5015]: invalid value `first` for `RUN`");
    const missing = tenet(["audit", "verify", join(dir, "missing.ndjson")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error[CP5001]: no such file or directory");
  }, 120_000);
});
