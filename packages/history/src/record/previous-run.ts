import type { PreviousState } from "@tenet/evaluator";
import type { Queryable } from "../driver/driver.js";

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
  spans: Map<string, OpenSpan>;
}

export async function readPreviousRun(db: Queryable): Promise<PreviousRun> {
  const last = await db.query<{ id: number; at: string }>("SELECT id, at FROM runs ORDER BY id DESC LIMIT 1");
  const rows = await db.query<{ device_id: string; snapshot_hash: string; outcome_hash: string; next: string }>(
    "SELECT device_id, snapshot_hash, outcome_hash, (outcome->'next')::text AS next FROM device_spans WHERE to_run IS NULL",
  );
  // Most devices share a previous state (compliant, nothing pending): each distinct text is parsed once, and only read after.
  const parsed = new Map<string, PreviousState>();
  const spans = new Map<string, OpenSpan>();
  for (const r of rows) {
    let next = parsed.get(r.next);
    if (next === undefined) parsed.set(r.next, (next = JSON.parse(r.next) as PreviousState));
    spans.set(r.device_id, { snapshotHash: r.snapshot_hash, outcomeHash: r.outcome_hash, next });
  }
  return { lastRun: last[0]?.id ?? 0, lastAt: last[0]?.at, spans };
}

/** The previous state per device id, as `prepare({ previous })` asks for it. */
export function previousLookup(base: PreviousRun): (deviceId: string) => PreviousState | undefined {
  return (id) => base.spans.get(id)?.next;
}
