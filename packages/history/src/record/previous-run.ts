import type { PreviousState } from "@tenet/evaluator";
import type { Queryable } from "../driver/driver.js";
import { packedColumns } from "../driver/packed-rows.js";
import { packSpanFields, unpackSpans, type PackedSpans } from "./open-spans.js";

/** A device's current row in the store: what the next run compares with and starts from. */
export interface OpenSpan {
  snapshotHash: string;
  outcomeHash: string;
  next: PreviousState;
}

/** The store as the last run left it: the base a new run is evaluated on and recorded against. */
export interface PreviousRun {
  /** The last run's id (0 when the store has none). */
  lastRun: number;
  lastAt: string | undefined;
  /** Each device's open span by id; from the store, made from `packed` when first read. */
  spans: Map<string, OpenSpan>;
  /** The open spans packed in id order, when the store read them (what `check --history` uses; no Map is made). */
  packed?: PackedSpans;
}

export async function readPreviousRun(db: Queryable): Promise<PreviousRun> {
  const last = await db.query<{ id: number; at: string }>("SELECT id, at FROM runs ORDER BY id DESC LIMIT 1");
  // Four columns a row, all NOT NULL.
  const values = await packedColumns(
    db,
    ["device_id", "snapshot_hash", "outcome_hash", "outcome_ref"],
    "FROM device_spans WHERE to_run IS NULL",
  );
  const { text } = values;
  const n = values.start.length / 4;
  // Each span's outcome ref says its previous state; most devices share one (compliant, nothing
  // pending), so each distinct ref is read and parsed once. Spans keep the index of theirs: their
  // 100,000 ref strings would outlive the query below and be promoted by the scavenges meanwhile.
  const refs: string[] = [];
  const refIndex = new Map<string, number>();
  const refOf = new Uint32Array(n);
  // Each span's id and hashes stay slices of the text read.
  const start = new Uint32Array(3 * n);
  const end = new Uint32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 3; f++) {
      start[3 * i + f] = values.start[4 * i + f]!;
      end[3 * i + f] = values.end[4 * i + f]!;
    }
    const ref = text.slice(values.start[4 * i + 3], values.end[4 * i + 3]);
    let r = refIndex.get(ref);
    if (r === undefined) refIndex.set(ref, (r = refs.push(ref) - 1));
    refOf[i] = r;
  }
  const states = await db.query<{ hash: string; next: string }>(
    "SELECT hash, (body->'next')::text AS next FROM outcomes WHERE hash = ANY($1::text[])",
    [refs],
  );
  const byHash = new Map(states.map((r) => [r.hash, r.next]));
  const parsed = refs.map((ref) => JSON.parse(byHash.get(ref)!) as PreviousState);
  const packed = packSpanFields(text, start, end, (i) => parsed[refOf[i]!]!);
  let spans: Map<string, OpenSpan> | undefined;
  return {
    lastRun: last[0]?.id ?? 0,
    lastAt: last[0]?.at,
    get spans() {
      return (spans ??= unpackSpans(packed));
    },
    packed,
  };
}

/** The previous state per device id, as `prepare({ previous })` asks for it. */
export function previousLookup(base: PreviousRun): (deviceId: string) => PreviousState | undefined {
  return (id) => base.spans.get(id)?.next;
}
