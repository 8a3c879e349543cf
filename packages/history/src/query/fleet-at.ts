import type { Queryable } from "../driver/driver.js";
import type { DeviceOutcome } from "../record/device-outcome.js";

/** One device as a run left it. */
export interface DeviceAt {
  deviceId: string;
  snapshotHash: string;
  outcomeHash: string;
  /** The run from which this outcome held. */
  since: number;
  outcome: DeviceOutcome;
}

/** The rows valid at a run: begun at or before it, not ended by it. */
export const VALID_AT = "from_run <= $1 AND (to_run IS NULL OR to_run > $1)";

/** Every device as of a run, by device id. */
export async function fleetAt(db: Queryable, run: number): Promise<DeviceAt[]> {
  const rows = await db.query<{
    device_id: string;
    snapshot_hash: string;
    outcome_hash: string;
    from_run: number;
    outcome: DeviceOutcome;
  }>(
    `SELECT device_id, snapshot_hash, outcome_hash, from_run, outcome FROM device_spans WHERE ${VALID_AT} ORDER BY device_id`,
    [run],
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    snapshotHash: r.snapshot_hash,
    outcomeHash: r.outcome_hash,
    since: r.from_run,
    outcome: r.outcome,
  }));
}

/** Only what run-level checks need (verify, replay): (device, snapshot, outcome) hashes. */
export async function fleetHashesAt(
  db: Queryable,
  run: number,
): Promise<{ device_id: string; snapshot_hash: string; outcome_hash: string }[]> {
  return db.query(`SELECT device_id, snapshot_hash, outcome_hash FROM device_spans WHERE ${VALID_AT}`, [run]);
}

/** When a device was first found failing for its current noncompliance (earliest policy `since`). */
export function firstFoundNoncompliant(outcome: DeviceOutcome): string | undefined {
  const since = outcome.policies
    .map((p) => p.since)
    .filter((s): s is string => s !== undefined)
    .sort();
  return since[0];
}
