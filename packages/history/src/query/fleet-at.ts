import type { Queryable } from "../driver/driver.js";
import { packedRows } from "../driver/packed-rows.js";
import type { DeviceOutcome } from "../record/device-outcome.js";
import { joinOutcome, readOutcomeBodies } from "../record/outcome-bodies.js";

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
    outcome_ref: string;
    platform: string | null;
    name: string | null;
  }>(
    "SELECT device_id, snapshot_hash, outcome_hash, from_run, outcome_ref, platform, name FROM device_spans " +
      `WHERE ${VALID_AT} ORDER BY device_id`,
    [run],
  );
  const bodies = await readOutcomeBodies(
    db,
    rows.map((r) => r.outcome_ref),
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    snapshotHash: r.snapshot_hash,
    outcomeHash: r.outcome_hash,
    since: r.from_run,
    outcome: joinOutcome(bodies.get(r.outcome_ref)!, r.platform, r.name),
  }));
}

/** One line of `history at`: a device's state as of a run, read without its whole outcome. */
export interface DeviceSummary {
  deviceId: string;
  name: string | null;
  platform: string | null;
  state: string;
  /** Policies the device fails (noncompliant, in grace period or in error), as `policy:state`. */
  failing: string[];
  firstFoundNoncompliant: string | null;
  since: number;
}

/**
 * Every device as of a run, from the summary columns kept beside each outcome: moving each
 * whole outcome to the client (and parsing it) was most of the time `history at` took.
 */
export async function fleetSummaryAt(db: Queryable, run: number): Promise<DeviceSummary[]> {
  const rows = await packedRows(
    db,
    ["device_id", "from_run", "state", "platform", "name", "failing", "first_found"],
    `FROM device_spans WHERE ${VALID_AT}`,
    "device_id",
    [run],
  );
  return rows.map(([deviceId, since, state, platform, name, failing, firstFound]) => ({
    deviceId: deviceId!,
    name: name ?? null,
    platform: platform ?? null,
    state: state!,
    failing: failing === null || failing === undefined ? [] : failing.split(" "),
    firstFoundNoncompliant: firstFound ?? null,
    since: Number(since),
  }));
}

/** Only what run-level checks need (verify, replay): (device, snapshot, outcome) hashes. */
export async function fleetHashesAt(
  db: Queryable,
  run: number,
): Promise<{ device_id: string; snapshot_hash: string; outcome_hash: string }[]> {
  return db.query(`SELECT device_id, snapshot_hash, outcome_hash FROM device_spans WHERE ${VALID_AT}`, [run]);
}
