import { expect, it } from "vitest";
import { checkAndRecord, HistoryError, HistoryStore, type DeviceAt } from "./index.js";
import { describeEngines } from "../test-support/engines.js";
import {
  DAY,
  HOUR,
  iso,
  mac,
  policySet,
  POLICY_V1,
  POLICY_V2,
  START,
  waiverFor,
  windows,
  type SimDevice,
} from "../test-support/fleet-fixture.js";

const TENANT = { deviceComplianceCheckinThresholdDays: 30 };
const DAYS = 30;
const at = (d: number) => START + d * DAY;
// The lab device's firewall exception ends at the start of day 25 (runs are at 06:00Z).
const WAIVER = waiverFor(["w-lab"], iso(at(25) - 6 * HOUR).slice(0, 10));

/**
 * The fleet on day d. w-fail: firewall off from day 3. w-fix: fails on day 2, fixed on day 4,
 * fails again on day 10. w-silent: checks in every day until day 5, then stops.
 * m-silent: last checked in 25 days before day 0, so its check-in turns 30 days old on day 5;
 * it checks in again on day 12 and every day after.
 * m-away: absent on days 15-19. w-old: on 10.0.26100, which the policy edit of day 18 no
 * longer accepts. w-lab: firewall off under a waiver that expires on day 25. w-ok, m-ok: fine.
 */
function fleet(d: number): SimDevice[] {
  const sync = at(d) - HOUR;
  const devices: SimDevice[] = [
    windows("w-ok", at(0), { osVersion: "10.0.26200.1" }),
    windows("w-fail", at(0), { osVersion: "10.0.26200.1", firewallEnabled: d < 3 }),
    windows("w-fix", at(0), { osVersion: "10.0.26200.1", firewallEnabled: !(d >= 2 && d < 4) && d < 10 }),
    windows("w-silent", Math.min(sync, at(5) - HOUR), { osVersion: "10.0.26200.1" }),
    windows("w-old", at(0)),
    windows("w-lab", at(0), { osVersion: "10.0.26200.1", firewallEnabled: false }),
    mac("m-ok", at(0)),
    mac("m-silent", d >= 12 ? sync : at(-25) - HOUR),
  ];
  if (d < 15 || d >= 20) devices.push(mac("m-away", at(0)));
  // Only the silent devices' check-in times move; the other snapshots change only when the story says.
  return devices;
}

const policiesOn = (d: number) => policySet(`${d < 18 ? POLICY_V1 : POLICY_V2}\n${WAIVER}`, at(0));

/** Intune's rules, written out independently of the evaluator: the state each device must have. */
function expected(id: string, d: number): { state: string; due?: string[] } {
  const graced = (since: number) => (d - since >= 3 ? "noncompliant" : "inGracePeriod");
  const dueWin = (since: number) => [
    "notify",
    ...(d - since >= 3 ? ["markNoncompliant"] : []),
    ...(d - since >= 7 ? ["retire"] : []),
  ];
  switch (id) {
    case "w-fail":
      return d < 3 ? { state: "compliant", due: [] } : { state: graced(3), due: dueWin(3) };
    case "w-fix":
      if (d >= 2 && d < 4) return { state: graced(2), due: dueWin(2) };
      return d >= 10 ? { state: graced(10), due: dueWin(10) } : { state: "compliant", due: [] };
    case "m-silent":
      // The default policy's "is active": a check-in older than the tenant's 30 days.
      return { state: d >= 5 && d < 12 ? "noncompliant" : "compliant" };
    case "w-old":
      return d < 18 ? { state: "compliant" } : { state: graced(18), due: dueWin(18) };
    case "w-lab":
      return d < 25 ? { state: "compliant" } : { state: graced(25), due: dueWin(25) };
    case "m-away":
      return { state: d >= 15 && d < 20 ? "absent" : "compliant" };
    default:
      return { state: "compliant" };
  }
}

describeEngines("a 30-day simulated fleet", (engine) => {
  it(
    "follows Intune's grace periods and actions each day, answers `at` for every day, attributes every change and replays every run identically",
    { timeout: 600_000 },
    async () => {
      const store = await HistoryStore.open(await engine.migrated(), { tool: "tenet test" });
      try {
        const recorded: Map<string, DeviceAt>[] = [];
        for (let d = 0; d < DAYS; d++) {
          const run = await checkAndRecord(store, {
            ...policiesOn(d),
            now: iso(at(d)),
            tenantSettings: TENANT,
            snapshots: fleet(d),
          });
          expect(run.id).toBe(d + 1);
          const devices = new Map((await store.fleetAt(run.id)).map((x) => [x.deviceId, x]));
          recorded.push(devices);
          for (const id of ["w-ok", "w-fail", "w-fix", "w-silent", "w-old", "w-lab", "m-ok", "m-away", "m-silent"]) {
            const want = expected(id, d);
            const got = devices.get(id);
            expect([id, d, got?.outcome.state ?? "absent"]).toEqual([id, d, want.state]);
            if (want.due !== undefined)
              expect([id, d, got!.outcome.actions.due.filter((a) => a.policy === "win").map((a) => a.action)]).toEqual([
                id,
                d,
                want.due,
              ]);
          }
        }
        // "First found noncompliant at" survives the daily runs: w-fail's grace period started on day 3.
        expect(recorded[20]!.get("w-fail")!.outcome.policies.find((p) => p.policy === "win")!.since).toBe(iso(at(3)));
        expect(recorded[12]!.get("w-fix")!.outcome.policies.find((p) => p.policy === "win")!.since).toBe(iso(at(10)));

        // Time travel: any instant of any day gives that day's run, however later runs changed the rows.
        for (let d = 0; d < DAYS; d++) {
          const run = await store.runAsOf(iso(at(d) + 17 * HOUR));
          expect(run.id).toBe(d + 1);
          const fleetThen = new Map((await store.fleetAt(run.id)).map((x) => [x.deviceId, x.outcomeHash]));
          expect(fleetThen).toEqual(new Map([...recorded[d]!].map(([id, x]) => [id, x.outcomeHash])));
          // What `history at` shows comes from the summary columns kept beside each outcome.
          expect((await store.fleetSummaryAt(run.id)).map((x) => [x.deviceId, x.state, x.failing.join(" ")])).toEqual(
            [...recorded[d]!.values()].map((x) => [
              x.deviceId,
              x.outcome.state,
              x.outcome.policies
                .filter((p) => ["noncompliant", "inGracePeriod", "error"].includes(p.state))
                .map((p) => `${p.policy}:${p.state}`)
                .join(" "),
            ]),
          );
        }
        await expect(store.runAsOf(iso(at(0) - HOUR))).rejects.toThrow(HistoryError);

        // Each change, with its cause.
        const causes = async (id: string) =>
          (await store.deviceTimeline(id)).map((e) => `${e.run - 1}:${e.causes.join("+")}`);
        expect(await causes("w-fail")).toEqual(["0:first seen", "3:device changed", "6:time passed", "10:time passed"]);
        expect(await causes("w-fix")).toEqual([
          "0:first seen",
          "2:device changed",
          "4:device changed",
          "10:device changed",
          "13:time passed",
          "17:time passed",
        ]);
        expect(await causes("w-old")).toEqual([
          "0:first seen",
          "18:policy changed",
          "21:time passed",
          "25:time passed",
        ]);
        expect(await causes("w-lab")).toEqual(["0:first seen", "25:waiver expired", "28:time passed"]);
        expect(await causes("m-away")).toEqual(["0:first seen", "15:device absent", "20:device returned"]);
        // Its check-in on day 12 moves only lastSyncDateTime (kept apart from the snapshot): still "device changed".
        expect(await causes("m-silent")).toEqual(["0:first seen", "5:time passed", "12:device changed"]);
        expect((await store.deviceTimeline("m-silent")).at(-1)!.details[0]).toMatch(
          /^device: lastSyncDateTime "2026-05-07T05:00:00.000Z" -> "2026-06-13T05:00:00.000Z"$/,
        );
        // Daily check-ins that move only lastSyncDateTime add no rows (it is kept per run, apart from the
        // snapshot), and neither does stopping: the snapshot and outcome stay the same.
        expect(await causes("w-silent")).toEqual(["0:first seen"]);

        // Every run recomputes to the same outcomes from what the store kept.
        for (let run = 1; run <= DAYS; run++) {
          const replay = await store.replay(run);
          expect([run, replay.identical, replay.mismatches]).toEqual([run, true, []]);
        }
        const diff = await store.diff(17, 19);
        expect(diff.filter((e) => e.kind === "newly failing").map((e) => e.deviceId)).toEqual(["w-old"]);
        expect(await store.verify()).toEqual([]);

        // Retention: runs older than 10 days go, a marker keeps the chain verifiable, the rest still replays.
        const pruned = await store.retain(10, iso(at(29)));
        expect(pruned).toMatchObject({ throughRun: 19, runs: 19 });
        expect(await store.verify()).toEqual([]);
        expect((await store.replay(20)).identical).toBe(true);
        await expect(store.runAsOf(iso(at(18)))).rejects.toThrow(/no run at or before/);
        expect(new Map((await store.fleetAt(25)).map((x) => [x.deviceId, x.outcomeHash]))).toEqual(
          new Map([...recorded[24]!].map(([id, x]) => [id, x.outcomeHash])),
        );

        // Tampering is found: an edited run row, an edited device row, a deleted run, reordered runs.
        await store.driver.query(`UPDATE runs SET counts = '{"compliant": 99}' WHERE id = 22`);
        expect(await store.verify()).toEqual([{ run: 22, problem: "was edited: its row does not match its hash" }]);
        await store.driver.query(`UPDATE runs SET counts = $1 WHERE id = 22`, [
          JSON.stringify((await store.run(21)).counts),
        ]);
        const fixedBack = await store.verify();
        expect(fixedBack.every((p) => p.run === 22 && p.problem.startsWith("was edited"))).toBe(true);
        await store.driver.query(
          "UPDATE device_spans SET outcome_hash = md5(outcome_hash) WHERE device_id = 'w-fail' AND to_run IS NULL",
        );
        expect(
          (await store.verify()).some((p) => p.problem.startsWith("has device rows that were edited or deleted")),
        ).toBe(true);
        // A device row given another stored outcome (its hash left alone), and a summary column `history at` reads.
        await store.driver.query(
          "UPDATE device_spans d SET outcome_ref = (SELECT hash FROM outcomes o WHERE o.hash <> d.outcome_ref " +
            "ORDER BY hash LIMIT 1) WHERE device_id = 'w-fix' AND to_run IS NULL",
        );
        await store.driver.query(
          "UPDATE device_spans SET state = 'noncompliant' WHERE device_id = 'm-silent' AND to_run IS NULL",
        );
        // (w-fail's outcome hash was edited above: its outcome no longer matches it either.)
        expect((await store.verify()).filter((p) => /for device/.test(p.problem)).map((p) => p.problem)).toEqual([
          "has edited summary columns for device m-silent",
          "has an edited outcome for device w-fail",
          "has an edited outcome for device w-fix",
        ]);
        // An outcome shared by several device rows, edited in its own table: every row holding it is named.
        const shared = "SELECT outcome_ref FROM device_spans WHERE device_id = 'w-silent' AND from_run = 1";
        const holders = (
          await store.driver.query<{ device_id: string; from_run: number }>(
            `SELECT device_id, from_run FROM device_spans WHERE outcome_ref = (${shared}) ORDER BY device_id, from_run`,
          )
        ).map((r) => `${r.from_run}:has an edited outcome for device ${r.device_id}`);
        expect(holders.length).toBeGreaterThan(1);
        const known = new Set((await store.verify()).map((p) => `${p.run}:${p.problem}`));
        await store.driver.query(
          `UPDATE outcomes SET body = jsonb_set(body, '{waivers}', '["forged"]') WHERE hash = (${shared})`,
        );
        expect((await store.verify()).map((p) => `${p.run}:${p.problem}`).filter((p) => !known.has(p))).toEqual(
          holders,
        );
        await store.driver.query("DELETE FROM runs WHERE id = 26");
        expect((await store.verify()).map((p) => p.run + ":" + p.problem.split(":")[0])).toContain(
          "27:comes where run 26 was expected",
        );
        // Runs 28 and 29 trade places: each row now holds the other's content.
        await store.driver.query(
          "UPDATE runs r SET at = o.at, counts = o.counts, content_hash = o.content_hash, previous_hash = o.previous_hash FROM runs o WHERE (r.id = 28 AND o.id = 29) OR (r.id = 29 AND o.id = 28)",
        );
        expect((await store.verify()).filter((p) => p.run === 28 || p.run === 29).map((p) => p.problem)).toContain(
          "does not follow the run before it: a run was deleted, inserted or reordered",
        );
      } finally {
        await store.close();
      }
    },
  );
});
