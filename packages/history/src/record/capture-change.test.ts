import { ENGINE_VERSION, prepare } from "@tenet/evaluator";
import { parseInstant } from "@tenet/parser";
import { expect, it } from "vitest";
import {
  canonicalJson,
  captureChange,
  checkAndRecord,
  controlIndex,
  HistoryStore,
  outcomeOf,
  packSpans,
  sha256,
  SpanIndex,
  BatchCapture,
  CapturedRun,
  type CapturedDevice,
} from "../index.js";
import { splitVolatile } from "./volatile-fields.js";
import { describeEngines, type TestEngine } from "../../test-support/engines.js";
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

/**
 * A run recorded as `check --history` records it: each device captured against its open span;
 * `flat`, kept as the CLI keeps them (`CapturedRun`, in batches of two).
 */
async function recordCompact(
  store: HistoryStore,
  now: string,
  snapshots: SimDevice[],
  fromBytes = false,
  flat = false,
) {
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
    const raw = fromBytes ? Buffer.from(JSON.stringify(facts)) : undefined;
    devices.push(captureChange(facts, result, capture, {}, raw)!);
  }
  const run = new CapturedRun(packSpans(base.spans));
  const spans = new SpanIndex(run.spans);
  const worker = new BatchCapture();
  devices.forEach((d, i) => {
    // Every other pair of devices as a worker thread's batch, cloned as a message clones it.
    if (Math.floor(i / 2) % 2 === 0) run.add(d, spans.find(d.id));
    else worker.add(d, spans.find(d.id));
    const batch = i % 2 === 1 || i === devices.length - 1 ? worker.take() : undefined;
    if (batch !== undefined) run.addBatch(structuredClone(batch));
  });
  const recorded = await store.record(base, {
    now,
    policySetHash: v1.compiled.hash,
    bundle: v1.bundle,
    engineVersion: ENGINE_VERSION,
    counts,
    devices: flat ? run : devices,
    controls: controlIndex(v1.compiled),
    redacted: false,
  });
  return { recorded, unchanged: devices.filter((d) => "unchanged" in d).map((d) => d.id) };
}

/** A migrated store of `engine` for one test, closed after it whatever happens. */
async function withStore(engine: TestEngine, body: (store: HistoryStore) => Promise<void>): Promise<void> {
  const store = await HistoryStore.open(await engine.migrated(), TOOL);
  try {
    await body(store);
  } finally {
    await store.close();
  }
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
    "stores exactly what whole captures store, though unchanged devices are reduced to their ids or kept flat",
    { timeout: 300_000 },
    async () => {
      const whole = await HistoryStore.open(await engine.migrated(), TOOL);
      const compact = await HistoryStore.open(await engine.migrated(), TOOL);
      const flat = await HistoryStore.open(await engine.migrated(), TOOL);
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
          expect((await recordCompact(flat, now, snapshots, false, true)).recorded).toEqual(a);
          unchanged.push(b.unchanged);
        }
        // Day 4: w2's snapshot is the same but its 72-hour grace period ran out, so its outcome changed.
        expect(unchanged).toEqual([[], ["w1", "m1"], ["w1", "m1", "m3"]]);
        expect(await contents(compact)).toEqual(await contents(whole));
        expect(await contents(flat)).toEqual(await contents(whole));
        expect((await compact.replay(3)).identical).toBe(true);
        expect((await flat.replay(3)).identical).toBe(true);
      } finally {
        await whole.close();
        await compact.close();
        await flat.close();
      }
    },
  );

  it(
    "hashes snapshots from their bytes as read, keeps devices recorded with canonical keys unchanged, and replays",
    { timeout: 300_000 },
    async () => {
      await withStore(engine, async (store) => {
        const first = [windows("w1", START), windows("w2", START), mac("m1", START)];
        const next = (sync: number) => [
          windows("w1", sync),
          windows("w2", sync, { firewallEnabled: false }),
          mac("m3", sync),
        ];
        // Run 1 as before this change: every snapshot keyed by its canonical JSON.
        await checkAndRecord(store, { ...v1, now: iso(START), snapshots: first });
        const second = await recordCompact(store, iso(START + DAY), next(START + DAY), true);
        // w1 only checked in: its canonical key still matches, so it is unchanged (no new row, no new snapshot).
        expect(second.unchanged).toEqual(["w1"]);
        expect(second.recorded).toMatchObject({ changed: 2, gone: 1, newSnapshots: 2 });
        const third = await recordCompact(store, iso(START + 4 * DAY), next(START + 4 * DAY), true);
        // w2's bytes are the day before's: its snapshot is the one stored, only its outcome moved (the grace period ran out).
        expect(third.unchanged).toEqual(["w1", "m3"]);
        expect(third.recorded).toMatchObject({ changed: 1, newSnapshots: 0 });
        const m3 = await store.driver.query<{ hash: string; body: string }>(
          "SELECT s.hash, s.body FROM snapshots s JOIN device_spans d ON d.snapshot_hash = s.hash WHERE d.device_id = 'm3'",
        );
        const { lastSyncDateTime: _, ...stable } = mac("m3", START + DAY);
        expect(m3).toEqual([{ hash: sha256(JSON.stringify(stable)), body: JSON.stringify(stable) }]);
        for (const run of [1, 2, 3]) expect((await store.replay(run)).identical).toBe(true);
        expect(await store.verify()).toEqual([]);
      });
    },
  );

  it(
    "continues a store that `check` keyed by bytes with the library's canonical keys, recording only real changes",
    { timeout: 300_000 },
    async () => {
      await withStore(engine, async (store) => {
        // Members in reverse order: the bytes' key and the canonical key of each snapshot differ.
        const reversed = (d: SimDevice) => Object.fromEntries(Object.entries(d).reverse()) as SimDevice;
        const day = (sync: number) => [windows("w1", sync), windows("w2", sync), mac("m1", sync)].map(reversed);
        await recordCompact(store, iso(START), day(START), true);
        const fleet = day(START + DAY);
        fleet[1] = reversed(windows("w2", START + DAY, { firewallEnabled: false }));
        const { base: _, ...second } = await checkAndRecord(store, { ...v1, now: iso(START + DAY), snapshots: fleet });
        // w1 and m1 only checked in; w2's firewall went off.
        expect(second).toMatchObject({ changed: 1, newSnapshots: 1 });
        const spans = await store.driver.query<{ device_id: string }>(
          "SELECT device_id FROM device_spans WHERE from_run = 2 ORDER BY device_id",
        );
        expect(spans).toEqual([{ device_id: "w2" }]);
        for (const run of [1, 2]) expect((await store.replay(run)).identical).toBe(true);
        expect(await store.verify()).toEqual([]);
      });
    },
  );

  it(
    "continues a store whose every hash was written from canonical JSON: only the devices that really changed are new rows",
    { timeout: 300_000 },
    async () => {
      await withStore(engine, async (store) => {
        // Devices of every kind the fixture policies give: compliant, in grace, noncompliant, erring, unnamed, odd names.
        const fleet = (sync: number): SimDevice[] => [
          ...Array.from({ length: 12 }, (_, i) => windows(`w${i}`, sync, { firewallEnabled: i % 5 !== 0 })),
          ...Array.from({ length: 6 }, (_, i) => mac(`m${i}`, sync, { isEncrypted: i % 3 !== 0 })),
          windows("old", sync, { osVersion: "10.0.22631.1" }),
          windows("err", sync, { firewallEnabled: undefined }),
          windows("odd", sync, { deviceName: 'Ä "quoted" \\ \u2028 \ud83d\ude00' }),
          (({ deviceName: _, ...unnamed }) => unnamed)(mac("anon", sync)) as SimDevice,
        ];
        // Run 1 as a build before outcomes and snapshots were hashed where they are evaluated: canonical JSON throughout.
        const day0 = fleet(START);
        await checkAndRecord(store, { ...v1, now: iso(START), snapshots: day0 });
        // The next day: every device checked in; w1 turned its firewall off, m0 was encrypted, w3 was upgraded, n1 is new.
        const day1 = fleet(START + DAY).map((d) =>
          d.id === "w1"
            ? { ...d, firewallEnabled: false }
            : d.id === "m0"
              ? { ...d, isEncrypted: true }
              : d.id === "w3"
                ? { ...d, osVersion: "10.0.26100.200" }
                : d,
        );
        day1.push(windows("n1", START + DAY));
        const next = await recordCompact(store, iso(START + DAY), day1, true);
        const changed = day1.map((d) => d.id).filter((id) => !next.unchanged.includes(id));
        expect(changed.sort()).toEqual(["m0", "n1", "w1", "w3"]);
        expect(next.recorded).toMatchObject({ devices: day1.length, changed: 4, gone: 0 });
        // What the store holds for an unchanged device is what canonical JSON gives for it today.
        const kept = await store.driver.query<{ snapshot_hash: string; outcome_hash: string }>(
          "SELECT snapshot_hash, outcome_hash FROM device_spans WHERE device_id = 'odd' AND to_run IS NULL",
        );
        const base = await store.previousRun();
        const prepared = prepare(v1.compiled, {
          now: parseInstant(iso(START + DAY)).value!,
          explain: true,
          rules: "failures",
          previous: (id) => base.spans.get(id)?.next,
        });
        const odd = day1.find((d) => d.id === "odd")!;
        expect(kept).toEqual([
          {
            snapshot_hash: sha256(canonicalJson(splitVolatile(odd as unknown as Record<string, unknown>).stable)),
            outcome_hash: sha256(canonicalJson(outcomeOf(prepared.evaluate(odd)))),
          },
        ]);
        expect(await store.verify()).toEqual([]);
      });
    },
  );
});
