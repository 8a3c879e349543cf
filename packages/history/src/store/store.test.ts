import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { checkAndRecord, HistoryError, HistoryStore, SpanIndex } from "../index.js";
import { describeEngines } from "../../test-support/engines.js";
import {
  DAY,
  HOUR,
  iso,
  mac,
  policySet,
  POLICY_V1,
  POLICY_V2,
  START,
  windows,
} from "../../test-support/fleet-fixture.js";
import { builtinSchema } from "@tenet/parser";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

const TOOL = { tool: "tenet test" };
const v1 = policySet(POLICY_V1);
const day = (n: number) => iso(START + n * DAY);

async function count(store: HistoryStore, table: string): Promise<number> {
  return (await store.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
}

/**
 * Brings a store back to what schema version 5 held: each device row with its whole outcome
 * (name and platform included) and no outcomes table, as a store written before migration 6.
 */
const AS_VERSION_5 = `
ALTER TABLE device_spans ADD COLUMN outcome jsonb;
UPDATE device_spans d SET outcome = o.body
  || CASE WHEN d.platform IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('platform', d.platform) END
  || CASE WHEN d.name IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('name', d.name) END
  FROM outcomes o WHERE o.hash = d.outcome_ref;
ALTER TABLE device_spans ALTER COLUMN outcome SET NOT NULL, DROP COLUMN outcome_ref;
DROP TABLE outcomes;
DELETE FROM tenet_schema WHERE version >= 6;`;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof HistoryError) return error.code;
    throw error;
  }
}

describeEngines("history store", (engine) => {
  it(
    "is created and migrated to the current schema on open, and opens again unchanged",
    { timeout: 300_000 },
    async () => {
      // migrated() is a new store opened once on an empty location (see describeEngines).
      const location = await engine.migrated();
      const store = await HistoryStore.open(location, TOOL);
      const versions = await store.driver.query<{ version: number }>(
        "SELECT version FROM tenet_schema ORDER BY version",
      );
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await store.close();
      const again = await HistoryStore.open(location, TOOL);
      expect(await count(again, "tenet_schema")).toBe(SCHEMA_VERSION);
      await again.close();
    },
  );

  it("refuses a store written by a newer Tenet with CP5101", { timeout: 300_000 }, async () => {
    const location = await engine.migrated();
    const store = await HistoryStore.open(location, TOOL);
    await store.driver.query("INSERT INTO tenet_schema (version, applied_at, tool) VALUES (99, $1, 'tenet 9.0.0')", [
      day(0),
    ]);
    await store.close();
    expect(await codeOf(HistoryStore.open(location, TOOL))).toBe("CP5101");
  });

  it(
    "records a row only for devices whose snapshot or outcome changed, and each snapshot once",
    { timeout: 300_000 },
    async () => {
      const store = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        const same = [windows("w1", START), windows("w2", START), mac("m1", START)];
        const first = await checkAndRecord(store, { ...v1, now: day(0), snapshots: same });
        expect(first).toMatchObject({ id: 1, devices: 3, changed: 3, newSnapshots: 3 });
        // The same snapshots a day later: the outcomes are the same, so nothing is written but the run.
        const second = await checkAndRecord(store, { ...v1, now: day(1), snapshots: same });
        expect(second).toMatchObject({ id: 2, changed: 0, newSnapshots: 0 });
        expect(await count(store, "snapshots")).toBe(3);
        // w1 turns its firewall off: one new span, one new snapshot; m1 is gone: its span ends.
        const third = await checkAndRecord(store, {
          ...v1,
          now: day(2),
          snapshots: [windows("w1", START, { firewallEnabled: false }), windows("w2", START)],
        });
        expect(third).toMatchObject({ changed: 1, gone: 1, newSnapshots: 1 });
        const open = await store.driver.query<{ device_id: string; state: string }>(
          "SELECT device_id, state FROM device_spans WHERE to_run IS NULL ORDER BY device_id",
        );
        expect(open).toEqual([
          { device_id: "w1", state: "inGracePeriod" },
          { device_id: "w2", state: "compliant" },
        ]);
      } finally {
        await store.close();
      }
    },
  );

  it(
    "reads back ids and names holding the characters it packs rows with, unchanged",
    { timeout: 300_000 },
    async () => {
      // history at and the previous states are read as one packed text; these values make it read row by row.
      const store = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        const odd = windows("w\u001f1", START, { deviceName: "A\u001eB\u001fC", firewallEnabled: false });
        await checkAndRecord(store, { ...v1, now: day(0), snapshots: [odd, windows("w2", START)] });
        const fleet = await store.fleetSummaryAt(1);
        expect(fleet.map((d) => [d.deviceId, d.name, d.state, d.since])).toEqual([
          ["w\u001f1", "A\u001eB\u001fC", "inGracePeriod", 1],
          ["w2", "W2", "compliant", 1],
        ]);
        const previous = await store.previousRun();
        expect([...previous.spans.keys()].sort()).toEqual(["w\u001f1", "w2"]);
        expect(previous.spans.get("w\u001f1")!.next.deviceState).toBe("inGracePeriod");
        // The packed spans `check --history` reads, in id order, say the same.
        const packed = new SpanIndex(previous.packed!);
        expect(
          [0, 1].map((i) => [packed.id(i), packed.snapshotHash(i), packed.outcomeHash(i), packed.next(i)]),
        ).toEqual(
          ["w\u001f1", "w2"].map((id) => {
            const span = previous.spans.get(id)!;
            return [id, span.snapshotHash, span.outcomeHash, span.next];
          }),
        );
        // An id extending another with a character that sorts before the tab: the run's triples
        // are not in id order, and its content hash must still be the one verification recomputes.
        await checkAndRecord(store, {
          ...v1,
          now: day(1),
          snapshots: [windows("w2", START), windows("w2\u0001", START)],
        });
        expect(await store.verify()).toEqual([]);
      } finally {
        await store.close();
      }
    },
  );

  it("reads back ids holding characters a server's COPY escapes, unchanged", { timeout: 300_000 }, async () => {
    // On a server the previous states come through COPY, which writes these with a backslash.
    const store = await HistoryStore.open(await engine.migrated(), TOOL);
    try {
      const ids = ["w\\1", "w\t2", "w\n3"];
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: ids.map((id) => windows(id, START)) });
      const previous = await store.previousRun();
      const packed = new SpanIndex(previous.packed!);
      expect([0, 1, 2].map((i) => packed.id(i))).toEqual([...ids].sort());
      expect([...previous.spans.keys()].sort()).toEqual([...ids].sort());
    } finally {
      await store.close();
    }
  });

  it(
    "carries the grace period, due actions and first-found-noncompliant across runs from the store",
    { timeout: 300_000 },
    async () => {
      const store = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        const failing = (n: number) => [windows("w1", START + n * DAY, { firewallEnabled: false })];
        await checkAndRecord(store, { ...v1, now: day(0), snapshots: failing(0) });
        const state = async () => (await store.previousRun()).spans.get("w1")!;
        const spanOutcome = async () =>
          (
            await store.driver.query<{
              outcome: {
                state: string;
                policies: { policy: string; since?: string }[];
                actions: { due: { action: string }[] };
              };
            }>(
              "SELECT o.body AS outcome FROM device_spans d JOIN outcomes o ON o.hash = d.outcome_ref " +
                "WHERE d.device_id = 'w1' AND d.to_run IS NULL",
            )
          )[0]!.outcome;
        expect((await state()).next.noncompliantSince).toEqual({ win: day(0) });
        await checkAndRecord(store, { ...v1, now: day(2), snapshots: failing(2) });
        let outcome = await spanOutcome();
        // Still in its 72-hour grace period two days later: the start came from the store.
        expect(outcome.state).toBe("inGracePeriod");
        expect(outcome.policies.find((p) => p.policy === "win")!.since).toBe(day(0));
        await checkAndRecord(store, { ...v1, now: day(3), snapshots: failing(3) });
        outcome = await spanOutcome();
        expect(outcome.state).toBe("noncompliant");
        expect(outcome.actions.due.map((a) => a.action)).toEqual(["notify", "markNoncompliant"]);
        await checkAndRecord(store, { ...v1, now: day(7), snapshots: failing(7) });
        expect((await spanOutcome()).actions.due.map((a) => a.action)).toEqual([
          "notify",
          "markNoncompliant",
          "retire",
        ]);
        // A snapshot's own field still wins over the store.
        const own = await checkAndRecord(store, {
          ...v1,
          now: day(8),
          snapshots: [{ ...failing(8)[0], noncompliantSince: { win: day(7) } }],
        });
        expect(own.changed).toBe(1);
        expect((await spanOutcome()).state).toBe("inGracePeriod");
        // Fixed: the grace period is over and the next failure starts afresh.
        await checkAndRecord(store, { ...v1, now: day(9), snapshots: [windows("w1", START + 9 * DAY)] });
        expect((await state()).next.noncompliantSince ?? {}).toEqual({});
      } finally {
        await store.close();
      }
    },
  );

  it(
    "stops a run recorded on a stale base with CP5107, and two concurrent runs never both land",
    { timeout: 300_000 },
    async () => {
      const location = await engine.migrated();
      const store = await HistoryStore.open(location, TOOL);
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: [windows("w1", START)] });
      const base = await store.previousRun();
      const input = {
        now: day(1),
        policySetHash: v1.compiled.hash,
        bundle: v1.bundle,
        engineVersion: "test",
        counts: {},
        devices: [],
        controls: { byPolicy: new Map(), byRule: new Map() },
      };
      if (engine.name === "postgres") {
        // A second connection: both start from run 1; the advisory lock serialises them and the second sees it is stale.
        const other = await HistoryStore.open(location, TOOL);
        const otherBase = await other.previousRun();
        const results = await Promise.allSettled([store.record(base, input), other.record(otherBase, input)]);
        await other.close();
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect((rejected.reason as HistoryError).code).toBe("CP5107");
      } else {
        // One process owns an embedded store: a second open is refused while the first holds it.
        expect(await codeOf(HistoryStore.open(location, TOOL))).toBe("CP5102");
        await store.record(base, input);
        expect(await codeOf(store.record(base, input))).toBe("CP5107");
      }
      expect(await count(store, "runs")).toBe(2);
      await store.close();
    },
  );

  it(
    "stores no personal value under --redact, and no new snapshot when only lastSyncDateTime moved; both runs replay",
    { timeout: 300_000 },
    async () => {
      const store = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        const fleet = (n: number) => [
          windows("laptop-alice", START + n * DAY),
          windows("laptop-bob", START + n * DAY, { firewallEnabled: false }),
          mac("mac-carol", START + n * DAY),
        ];
        const redact = builtinSchema("device").personalPaths;
        const first = await checkAndRecord(store, { ...v1, now: day(0), snapshots: fleet(0), redact });
        expect(first.newSnapshots).toBe(3);
        const stored = JSON.stringify([
          await store.driver.query("SELECT body FROM snapshots"),
          await store.driver.query("SELECT body FROM outcomes"),
          await store.driver.query("SELECT name FROM device_spans"),
        ]);
        // Names, UPNs (the fixture's deviceName is the id upper-cased) never reach the store; the ids do.
        expect(stored).not.toMatch(/alice@|bob@|carol@|LAPTOP-|MAC-CAROL/);
        expect(stored).toContain("[redacted]");
        expect(stored).not.toContain("lastSyncDateTime");
        expect((await store.run(1)).redacted).toBe(true);

        // A day later every device checked in again: nothing but lastSyncDateTime moved.
        const second = await checkAndRecord(store, { ...v1, now: day(1), snapshots: fleet(1), redact });
        expect([second.changed, second.newSnapshots]).toEqual([0, 0]);
        expect(await count(store, "snapshots")).toBe(3);
        for (const run of [1, 2]) expect((await store.replay(run)).identical).toBe(true);
        expect(await store.verify()).toEqual([]);

        // The check-in times are kept per run: editing them is found.
        await store.driver.query(
          "UPDATE run_volatile SET body = (SELECT body FROM run_volatile WHERE run_id = 1) WHERE run_id = 2",
        );
        expect(await store.verify()).toContainEqual({
          run: 2,
          problem: "has volatile fields (lastSyncDateTime, ...) that were edited",
        });
      } finally {
        await store.close();
      }
    },
  );

  it("leaves the store as it was when a run fails half way", { timeout: 300_000 }, async () => {
    const store = await HistoryStore.open(await engine.migrated(), TOOL);
    try {
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: [windows("w1", START), windows("w2", START)] });
      const before = await store.driver.query(
        "SELECT device_id, from_run, to_run, outcome_hash FROM device_spans ORDER BY device_id, from_run",
      );
      // A device whose snapshot is neither sent nor stored fails after the run row was written.
      const broken = {
        id: "w1",
        snapshotHash: "f".repeat(64),
        snapshot: undefined,
        outcome: {
          state: "compliant" as const,
          policies: [],
          defaultFailed: [],
          actions: { due: [], pending: [] },
          waivers: [],
          next: {},
        },
      };
      const base = await store.previousRun();
      await expect(
        store.record(base, {
          now: day(2),
          policySetHash: v1.compiled.hash,
          bundle: v1.bundle,
          engineVersion: "test",
          counts: {},
          devices: [broken],
          controls: { byPolicy: new Map(), byRule: new Map() },
        }),
      ).rejects.toThrow(/not sent and is not in the store/);
      expect(await count(store, "runs")).toBe(1);
      expect(
        await store.driver.query(
          "SELECT device_id, from_run, to_run, outcome_hash FROM device_spans ORDER BY device_id, from_run",
        ),
      ).toEqual(before);
      // The same base still records: nothing of the failed run is left in the way.
      await checkAndRecord(store, { ...v1, now: day(2), snapshots: [windows("w1", START)] });
      expect(await count(store, "runs")).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("is unchanged when the process recording a run is killed half way", { timeout: 300_000 }, async () => {
    const location = await engine.migrated();
    const store = await HistoryStore.open(location, TOOL);
    await checkAndRecord(store, { ...v1, now: day(0), snapshots: [windows("w1", START), mac("m1", START)] });
    const before = await store.driver.query(
      "SELECT device_id, from_run, to_run, outcome_hash FROM device_spans ORDER BY device_id, from_run",
    );
    // The embedded store belongs to one process: let the child have it.
    if (engine.name === "embedded") await store.close();
    const child = spawn(
      process.execPath,
      [
        fileURLToPath(new URL("../../test-support/record-child.mjs", import.meta.url)),
        JSON.stringify({ location, policy: POLICY_V1, now: day(1), devices: 20_000 }),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exit = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("recording")) setTimeout(resolve, 150);
      });
      child.on("exit", () => reject(new Error(`the child ended before recording: ${err}`)));
    });
    child.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");
    expect(out).not.toContain("done");
    const reopened = engine.name === "embedded" ? await HistoryStore.open(location, TOOL) : store;
    try {
      expect(await count(reopened, "runs")).toBe(1);
      expect(
        await reopened.driver.query(
          "SELECT device_id, from_run, to_run, outcome_hash FROM device_spans ORDER BY device_id, from_run",
        ),
      ).toEqual(before);
      const next = await checkAndRecord(reopened, { ...v1, now: day(2), snapshots: [windows("w1", START)] });
      expect(next.id).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it(
    "migrates a store written by schema version 1, deriving the new tallies from its rows",
    { timeout: 300_000 },
    async () => {
      const location = await engine.migrated();
      let store = await HistoryStore.open(location, TOOL);
      const fleet = [
        windows("w1", START),
        windows("w2", START, { firewallEnabled: false }),
        mac("m1", START),
        mac("m2", START, { isEncrypted: false }),
      ];
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: fleet });
      await checkAndRecord(store, { ...v1, now: day(4), snapshots: fleet.slice(1) });
      const tallies =
        "SELECT run_id, dimension, key, state, devices FROM run_tallies WHERE dimension <> 'control' ORDER BY 1, 2, 3, 4";
      const recorded = await store.driver.query(tallies);
      const summary = await store.fleetSummaryAt(2);
      // What version 1 of the schema held: the same tables without the tallies, volatile fields and summary
      // columns, spans tied to their first run.
      await store.driver.exec(AS_VERSION_5);
      await store.driver.exec(
        "DROP TABLE run_tallies; DROP TABLE run_volatile; ALTER TABLE runs DROP COLUMN redacted; ALTER TABLE device_spans DROP COLUMN name, DROP COLUMN failing, DROP COLUMN first_found; ALTER TABLE device_spans ADD CONSTRAINT device_spans_from_run_fkey FOREIGN KEY (from_run) REFERENCES runs (id); DELETE FROM tenet_schema WHERE version > 1;",
      );
      await store.close();
      store = await HistoryStore.open(location, TOOL);
      try {
        expect((await store.driver.query<{ v: number }>("SELECT max(version) AS v FROM tenet_schema"))[0]!.v).toBe(
          SCHEMA_VERSION,
        );
        expect(await store.driver.query(tallies)).toEqual(recorded);
        // Migration 4 fills the summary columns of the old rows as recording fills them.
        expect(await store.fleetSummaryAt(2)).toEqual(summary);
      } finally {
        await store.close();
      }
    },
  );
  it(
    "attributes a change to time when only check-in fields moved, to the device when its check-in changed the outcome",
    { timeout: 300_000 },
    async () => {
      const store = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        // w1 checks in before every run with its firewall off: its 72-hour grace period runs out on day 3.
        // m1 last checked in 40 days before day 0 (Intune's 30-day "is active" check fails) and checks in on day 2.
        // w2's Exchange sync time (kept in the snapshot) moves on day 1, and nothing else does.
        const fleet = (n: number) => [
          windows("w1", START + n * DAY - HOUR, { firewallEnabled: false }),
          windows("w2", START, { exchangeLastSuccessfulSyncDateTime: iso(START + Math.min(n, 1) * DAY) }),
          mac("m1", n >= 2 ? START + n * DAY - HOUR : START - 40 * DAY),
        ];
        for (const n of [0, 1, 2, 3]) await checkAndRecord(store, { ...v1, now: day(n), snapshots: fleet(n) });
        const causes = async (id: string, fields?: string[]) =>
          (await store.deviceTimeline(id, fields)).map((e) => `${e.run}:${e.causes.join("+")}`);
        expect(await causes("w1")).toEqual(["1:first seen", "4:time passed"]);
        const w1 = (await store.deviceTimeline("w1")).at(-1)!;
        expect(w1.details).toEqual([
          `volatile: lastSyncDateTime "${iso(START + 2 * DAY - HOUR)}" -> "${iso(START + 3 * DAY - HOUR)}"`,
          "policy win: inGracePeriod -> noncompliant",
          `action markNoncompliant of win fell due at ${iso(START + 3 * DAY)}`,
        ]);
        expect(await causes("m1")).toEqual(["1:first seen", "3:device changed"]);
        // Its outcome is the same: the row is there because the device's record changed.
        expect(await causes("w2")).toEqual(["1:first seen", "2:device changed"]);
        // With no field counted as volatile, the check-in is the device changing again (the list is configurable).
        expect(await causes("w1", [])).toEqual(["1:first seen", "4:device changed"]);
      } finally {
        await store.close();
      }
    },
  );

  it(
    "migrates a store written by schema version 5 to one row per distinct outcome, answering every query alike",
    { timeout: 300_000 },
    async () => {
      const location = await engine.migrated();
      let store = await HistoryStore.open(location, TOOL);
      const v2 = policySet(POLICY_V2);
      const fleet = (n: number, fixed: boolean) => [
        windows("w1", START + n * DAY),
        windows("w2", START + n * DAY, { firewallEnabled: false }),
        windows("w3", START + n * DAY, { firewallEnabled: fixed }),
        windows("w4", START + n * DAY),
        mac("m1", START + n * DAY),
        mac("m2", START + n * DAY, { isEncrypted: false }),
      ];
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: fleet(0, false) });
      await checkAndRecord(store, { ...v1, now: day(2), snapshots: fleet(2, false) });
      await checkAndRecord(store, { ...v1, now: day(4), snapshots: fleet(4, true).filter((d) => d.id !== "w4") });
      await checkAndRecord(store, { ...v1, now: day(5), snapshots: fleet(5, true) });
      await checkAndRecord(store, { ...v2, now: day(6), snapshots: fleet(6, true) });
      const ids = ["m1", "m2", "w1", "w2", "w3", "w4"];
      // One query after the other: a server connection takes one at a time.
      const each = async <X, Y>(xs: readonly X[], f: (x: X) => Promise<Y>): Promise<Y[]> => {
        const out: Y[] = [];
        for (const x of xs) out.push(await f(x));
        return out;
      };
      const runIds = [1, 2, 3, 4, 5];
      const answers = async (s: HistoryStore) => ({
        runs: await s.runs(),
        fleets: await each(runIds, (r) => s.fleetAt(r)),
        summaries: await each(runIds, (r) => s.fleetSummaryAt(r)),
        timelines: await each(ids, (id) => s.deviceTimeline(id)),
        diff: await s.diff(1, 5),
        trends: await each(["platform", "policy", "control"] as const, (by) => s.trend(by, day(-1), day(7))),
        failures: await s.failureSpans(5),
        replays: (await each(runIds, (r) => s.replay(r))).map((r) => r.identical),
        problems: await s.verify(),
      });
      const before = await answers(store);
      expect(before.replays).toEqual([true, true, true, true, true]);
      expect(before.problems).toEqual([]);
      // Thirteen device rows (six first seen, w2 noncompliant and w3 fixed on day 4, w4 back on day 5,
      // the four Windows devices failing the raised minimum on day 6) share seven outcomes.
      expect([await count(store, "device_spans"), await count(store, "outcomes")]).toEqual([13, 7]);
      await store.driver.exec(AS_VERSION_5);
      const rowsOf5 = await store.driver.query<{ outcome: unknown }>(
        "SELECT outcome FROM device_spans ORDER BY device_id, from_run",
      );
      await store.close();
      store = await HistoryStore.open(location, TOOL);
      try {
        expect((await store.driver.query<{ v: number }>("SELECT max(version) AS v FROM tenet_schema"))[0]!.v).toBe(6);
        expect(await answers(store)).toEqual(before);
        // Each whole outcome version 5 kept in its row is the one read back from the shared table.
        expect(before.timelines.flat().flatMap((e) => (e.outcome === undefined ? [] : [e.outcome]))).toEqual(
          rowsOf5.map((r) => r.outcome),
        );
        expect(await count(store, "outcomes")).toBe(7);
        // The migrated store records on as a new one does.
        await checkAndRecord(store, { ...v2, now: day(7), snapshots: fleet(7, false) });
        expect((await store.replay(6)).identical).toBe(true);
        expect(await store.verify()).toEqual([]);
      } finally {
        await store.close();
      }
    },
  );
  it(
    "relabels control tallies recorded before schema version 5, which counted waived devices as passing",
    { timeout: 300_000 },
    async () => {
      const location = await engine.migrated();
      let store = await HistoryStore.open(location, TOOL);
      await checkAndRecord(store, { ...v1, now: day(0), snapshots: [windows("w1", START)] });
      await store.driver.exec(AS_VERSION_5);
      await store.driver.exec(
        "INSERT INTO run_tallies (run_id, dimension, key, state, devices) VALUES (1, 'control', 'legacy:C.1', 'pass', 3), (1, 'control', 'legacy:C.1', 'fail', 1); DELETE FROM tenet_schema WHERE version >= 5;",
      );
      await store.close();
      store = await HistoryStore.open(location, TOOL);
      try {
        const points = await store.trend("control", day(-1), day(1));
        expect(points.find((p) => p.key === "legacy:C.1")).toMatchObject({
          states: { passOrWaived: 3, fail: 1 },
          passing: 0.75,
        });
        // The run's own tallies, recorded as version 5 records them, were relabelled as well: no `pass` is left.
        expect(points.every((p) => p.states["pass"] === undefined)).toBe(true);
      } finally {
        await store.close();
      }
    },
  );
});
