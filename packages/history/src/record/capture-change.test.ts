import { ENGINE_VERSION, prepare } from "@tenet/evaluator";
import { parseInstant } from "@tenet/parser";
import { expect, it } from "vitest";
import { captureChange, checkAndRecord, controlIndex, HistoryStore, type CapturedDevice } from "../index.js";
import { describeEngines } from "../../test-support/engines.js";
import {
  DAY,
  iso,
  mac,
  policySet,
  POLICY_V1,
  START,
  windows,
  type SimDevice,
} from "../../test-support/fleet-fixture.js";

const TOOL = { tool: "tenet test" };
const v1 = policySet(POLICY_V1);

/** A run recorded as `check --history` records it: each device captured against its open span. */
async function recordCompact(store: HistoryStore, now: string, snapshots: SimDevice[]) {
  const base = await store.previousRun();
  const prepared = prepare(v1.compiled, {
    now: parseInstant(now).value!,
    explain: true,
    rules: "failures",
    previous: (id) => base.spans.get(id)?.next,
  });
  const capture = {
    spans: base.spans,
    known: new Set([...base.spans.values()].map((s) => s.snapshotHash)),
    controls: controlIndex(v1.compiled),
  };
  const counts: Record<string, number> = {};
  const devices: CapturedDevice[] = [];
  for (const facts of snapshots) {
    const result = prepared.evaluate(facts);
    counts[result.state] = (counts[result.state] ?? 0) + 1;
    devices.push(captureChange(facts, result, capture)!);
  }
  const recorded = await store.record(base, {
    now,
    policySetHash: v1.compiled.hash,
    bundle: v1.bundle,
    engineVersion: ENGINE_VERSION,
    counts,
    devices,
    controls: controlIndex(v1.compiled),
    redacted: false,
  });
  return { recorded, unchanged: devices.filter((d) => "unchanged" in d).map((d) => d.id) };
}

/** Everything a run writes, in a fixed order. */
async function contents(store: HistoryStore) {
  const q = (sql: string) => store.driver.query(sql);
  return {
    runs: await q("SELECT id, content_hash, row_hash, counts::text FROM runs ORDER BY id"),
    spans: await q(
      "SELECT device_id, from_run, to_run, snapshot_hash, outcome_hash, outcome_ref, platform, state, name, " +
        "failing, first_found FROM device_spans ORDER BY device_id, from_run",
    ),
    outcomes: await q("SELECT hash, body::text FROM outcomes ORDER BY hash"),
    snapshots: await q("SELECT hash, body FROM snapshots ORDER BY hash"),
    tallies: await q(
      "SELECT run_id, dimension, key, state, devices FROM run_tallies ORDER BY run_id, dimension, key, state",
    ),
    volatile: await q("SELECT run_id, hash FROM run_volatile ORDER BY run_id"),
  };
}

describeEngines("a daily run captured against the store's open spans", (engine) => {
  it(
    "stores exactly what whole captures store, though unchanged devices are reduced to their ids",
    { timeout: 300_000 },
    async () => {
      const whole = await HistoryStore.open(await engine.migrated(), TOOL);
      const compact = await HistoryStore.open(await engine.migrated(), TOOL);
      try {
        const first = [
          windows("w1", START),
          windows("w2", START),
          windows("w3", START),
          mac("m1", START),
          mac("m2", START),
        ];
        // Day 1: w1 and m1 only checked in, w2 turned its firewall off (a grace period starts), m3 is new, w3 and m2 are gone.
        const next = (sync: number) => [
          windows("w1", sync),
          windows("w2", sync, { firewallEnabled: false }),
          mac("m1", sync),
          mac("m3", sync),
        ];
        const days = [first, next(START + DAY), next(START + 4 * DAY)];
        const unchanged: string[][] = [];
        for (const [n, snapshots] of days.entries()) {
          const now = iso(START + [0, 1, 4][n]! * DAY);
          const { base: _, ...a } = await checkAndRecord(whole, { ...v1, now, snapshots });
          const b = await recordCompact(compact, now, snapshots);
          // The same run row hash: the same content hash over every device, volatile fields included.
          expect(b.recorded).toEqual(a);
          unchanged.push(b.unchanged);
        }
        // Day 4: w2's snapshot is the same but its 72-hour grace period ran out, so its outcome changed.
        expect(unchanged).toEqual([[], ["w1", "m1"], ["w1", "m1", "m3"]]);
        expect(await contents(compact)).toEqual(await contents(whole));
        expect((await compact.replay(3)).identical).toBe(true);
      } finally {
        await whole.close();
        await compact.close();
      }
    },
  );
});
