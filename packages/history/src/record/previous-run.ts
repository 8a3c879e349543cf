import type { PreviousState } from "@tenet/evaluator";
import type { Queryable } from "../driver/driver.js";
import { packedColumns } from "../driver/packed-rows.js";

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
  // Four columns a row, all NOT NULL.
  const values = await packedColumns(
    db,
    ["device_id", "snapshot_hash", "outcome_hash", "outcome_ref"],
    "FROM device_spans WHERE to_run IS NULL",
  );
  const refs = new Set<string>();
  for (let i = 3; i < values.length; i += 4) refs.add(values[i]!);
  // Most devices share an outcome (compliant, nothing pending): each distinct previous state is read and parsed once.
  const states = await db.query<{ hash: string; next: string }>(
    "SELECT hash, (body->'next')::text AS next FROM outcomes WHERE hash = ANY($1::text[])",
    [[...refs]],
  );
  const parsed = new Map(states.map((r) => [r.hash, JSON.parse(r.next) as PreviousState]));
  const spans = new Map<string, OpenSpan>();
  for (let i = 0; i < values.length; i += 4)
    spans.set(values[i]!, {
      snapshotHash: values[i + 1]!,
      outcomeHash: values[i + 2]!,
      next: parsed.get(values[i + 3]!)!,
    });
  return { lastRun: last[0]?.id ?? 0, lastAt: last[0]?.at, spans };
}

/** The previous state per device id, as `prepare({ previous })` asks for it. */
export function previousLookup(base: PreviousRun): (deviceId: string) => PreviousState | undefined {
  return (id) => base.spans.get(id)?.next;
}
