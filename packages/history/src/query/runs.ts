import type { Queryable } from "../driver/driver.js";
import { HistoryError } from "../errors.js";
import type { RunRow } from "../record/record-run.js";

export interface RunInfo {
  id: number;
  at: string;
  tenant: string | null;
  policySetHash: string;
  tenantHash: string | null;
  groupsHash: string | null;
  engineVersion: string;
  devices: number;
  counts: Record<string, number>;
  contentHash: string;
  previousHash: string;
  rowHash: string;
  /** Recorded under `--redact`: the store holds its personal values as `[redacted]`. */
  redacted: boolean;
}

const COLUMNS =
  "id, at, tenant, policy_set_hash, tenant_hash, groups_hash, engine_version, devices, counts, content_hash, " +
  "previous_hash, row_hash, redacted";

/** A run row as stored: the hashed fields and the hash. */
type RunRowDb = RunRow & { row_hash: string; redacted: boolean };

function toInfo(r: RunRowDb): RunInfo {
  return {
    id: r.id,
    at: r.at,
    tenant: r.tenant,
    policySetHash: r.policy_set_hash,
    tenantHash: r.tenant_hash,
    groupsHash: r.groups_hash,
    engineVersion: r.engine_version,
    devices: r.devices,
    counts: r.counts,
    contentHash: r.content_hash,
    previousHash: r.previous_hash,
    rowHash: r.row_hash,
    redacted: r.redacted,
  };
}

/** Every run, oldest first (one small row each). */
export async function listRuns(db: Queryable): Promise<RunInfo[]> {
  return (await db.query<RunRowDb>(`SELECT ${COLUMNS} FROM runs ORDER BY id`)).map(toInfo);
}

export async function getRun(db: Queryable, id: number, store: string): Promise<RunInfo> {
  const rows = await db.query<RunRowDb>(`SELECT ${COLUMNS} FROM runs WHERE id = $1`, [id]);
  if (rows.length === 0) throw new HistoryError("CP5104", { run: id, store });
  return toInfo(rows[0]!);
}

/** The last run at or before an instant: the fleet "as of" that instant. */
export async function runAsOf(db: Queryable, instant: string, store: string): Promise<RunInfo> {
  const rows = await db.query<RunRowDb>(
    `SELECT ${COLUMNS} FROM runs WHERE at <= $1 ORDER BY at DESC, id DESC LIMIT 1`,
    [instant],
  );
  if (rows.length === 0) throw new HistoryError("CP5105", { store, instant });
  return toInfo(rows[0]!);
}
