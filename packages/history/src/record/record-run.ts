import type { TenantSettings } from "@tenet/evaluator";
import { csvRow, type Driver, type Queryable } from "../driver/driver.js";
import { HistoryError } from "../errors.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import type { CapturedDevice } from "./capture-device.js";
import { capturedDevices } from "./captured-devices.js";
import type { CapturedRun } from "./captured-run.js";
import { summaryOf, type DeviceOutcome } from "./device-outcome.js";
import { storeOutcomeBodies } from "./outcome-bodies.js";
import type { PreviousRun } from "./previous-run.js";
import { listedDevices } from "./run-devices.js";
import { talliesOf, type ControlIndex } from "./run-tallies.js";

export const GENESIS = "0".repeat(64);

/** What replay needs besides the snapshots: the policy sources and facts schema of the run. */
export interface PolicyBundle {
  sources: { path: string; text: string }[];
  schema?: { json: unknown; file: string };
}

/**
 * One device of a run. `snapshot` is the canonical JSON of its stable part (hashed to
 * `snapshotHash`); `volatile` is the canonical JSON of the fields kept out of it (see VOLATILE_FIELDS).
 */
export interface RecordedDevice {
  id: string;
  snapshotHash: string;
  snapshot: string | undefined;
  volatile?: string;
  outcome: DeviceOutcome;
  /** `outcomeHash(outcome)`, when the caller computed it where it evaluated (in parallel workers). */
  outcomeHash?: string;
}

export interface RunInput {
  now: string;
  tenant?: string;
  policySetHash: string;
  bundle: PolicyBundle;
  tenantSettings?: TenantSettings;
  /** The group-membership file's text, when assignments were resolved with one. */
  groups?: string;
  engineVersion: string;
  counts: Record<string, number>;
  /**
   * Every device of the run: whole, or (from `captureChange`) only its id, volatile fields and
   * tally share when its snapshot and outcome are those of its open span in `base`; or captured
   * flat (`check --history`), against `base`'s spans packed.
   */
  devices: readonly (RecordedDevice | CapturedDevice)[] | CapturedRun;
  /** The controls of each policy and rule, for the per-control tallies. */
  controls: ControlIndex;
  /** Recorded under `--redact`: personal values were replaced before they reached the store. */
  redacted?: boolean;
}

export interface RecordedRun {
  id: number;
  at: string;
  devices: number;
  changed: number;
  gone: number;
  newSnapshots: number;
  rowHash: string;
}

/** The fields of a run row that its hash covers, in one place for recording and verifying. */
export interface RunRow {
  id: number;
  at: string;
  tenant: string | null;
  policy_set_hash: string;
  tenant_hash: string | null;
  groups_hash: string | null;
  engine_version: string;
  devices: number;
  counts: Record<string, number>;
  content_hash: string;
  previous_hash: string;
}

export function rowHash(row: RunRow): string {
  return sha256(canonicalJson(row));
}

export function outcomeHash(outcome: DeviceOutcome): string {
  return sha256(canonicalJson(outcome));
}

/**
 * Records one run in one transaction under the writer lock: the run row, new snapshots, a
 * span row for each device whose snapshot or outcome changed, the closing of spans of devices
 * that changed or are gone, and the run's tallies. `base` is the state the run was evaluated
 * on; if another run was recorded since, the run stops (CP5107) instead of writing on a
 * stale base.
 */
export async function recordRun(driver: Driver, base: PreviousRun, input: RunInput): Promise<RecordedRun> {
  const redacted = input.redacted === true;
  const {
    count,
    changed,
    contentHash: content_hash,
    volatile,
    closing,
    closingChanged,
    shares,
  } = Array.isArray(input.devices)
    ? listedDevices(base, input.devices as readonly (RecordedDevice | CapturedDevice)[], input.controls, redacted)
    : capturedDevices(input.devices as CapturedRun, redacted);
  const tenantJson = input.tenantSettings === undefined ? undefined : canonicalJson(input.tenantSettings);

  return driver.transaction(async (tx) => {
    const last = await tx.query<{ id: number; row_hash: string }>(
      "SELECT id, row_hash FROM runs ORDER BY id DESC LIMIT 1",
    );
    if ((last[0]?.id ?? 0) !== base.lastRun)
      throw new HistoryError("CP5107", { store: driver.location, run: last[0]!.id });
    const id = base.lastRun + 1;
    const previousHash = last[0]?.row_hash ?? (await markerHash(tx)) ?? GENESIS;
    const empty = (
      await tx.query<{ snapshots: boolean; spans: boolean }>(
        "SELECT NOT EXISTS (SELECT 1 FROM snapshots) AS snapshots, NOT EXISTS (SELECT 1 FROM device_spans) AS spans",
      )
    )[0]!;
    // A first run loads the whole fleet: its tables' indexes are built once after the load, not row by row.
    if (empty.spans) await tx.exec(DROP_SPAN_INDEXES);
    if (empty.snapshots) await tx.exec(DROP_SNAPSHOT_KEY);
    await tx.query("INSERT INTO policy_sets (hash, bundle) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING", [
      input.policySetHash,
      JSON.stringify(input.bundle),
    ]);
    const tenantHash = tenantJson === undefined ? null : sha256(tenantJson);
    if (tenantJson !== undefined)
      await tx.query("INSERT INTO tenant_settings (hash, settings) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING", [
        tenantHash,
        tenantJson,
      ]);
    const groupsHash = input.groups === undefined ? null : sha256(input.groups);
    if (input.groups !== undefined)
      await tx.query("INSERT INTO snapshots (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING", [
        groupsHash,
        input.groups,
      ]);
    const row: RunRow = {
      id,
      at: input.now,
      tenant: input.tenant ?? null,
      policy_set_hash: input.policySetHash,
      tenant_hash: tenantHash,
      groups_hash: groupsHash,
      engine_version: input.engineVersion,
      devices: count,
      counts: input.counts,
      content_hash,
      previous_hash: previousHash,
    };
    const hash = rowHash(row);
    await tx.query(
      "INSERT INTO runs (id, at, tenant, policy_set_hash, tenant_hash, groups_hash, engine_version, devices, " +
        "counts, content_hash, previous_hash, row_hash, redacted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, " +
        "$12, $13)",
      [
        id,
        row.at,
        row.tenant,
        row.policy_set_hash,
        row.tenant_hash,
        row.groups_hash,
        row.engine_version,
        row.devices,
        JSON.stringify(row.counts),
        row.content_hash,
        row.previous_hash,
        hash,
        redacted,
      ],
    );
    // The body goes as base64 text, decoded by the database: a bytea parameter took the embedded
    // engine three times as long (its client encodes it byte by byte).
    if (volatile !== undefined)
      await tx.query("INSERT INTO run_volatile (run_id, hash, body) VALUES ($1, $2, decode($3, 'base64'))", [
        id,
        volatile.hash,
        Buffer.from(volatile.body.buffer, volatile.body.byteOffset, volatile.body.byteLength).toString("base64"),
      ]);
    const newSnapshots = await insertSnapshots(
      tx,
      changed,
      empty.snapshots ? new Set(groupsHash === null ? [] : [groupsHash]) : undefined,
    );
    const toClose = [...closing, ...closingChanged];
    if (toClose.length > 0)
      await tx.query("UPDATE device_spans SET to_run = $1 WHERE to_run IS NULL AND device_id = ANY($2::text[])", [
        id,
        toClose,
      ]);
    const refs = await storeOutcomeBodies(
      tx,
      changed.map((d) => d.outcome),
    );
    let csv = "";
    changed.forEach((d, k) => {
      const summary = summaryOf(d.outcome);
      csv += csvRow([
        d.id,
        id,
        d.snapshotHash,
        d.outcomeHash,
        d.outcome.platform ?? null,
        d.outcome.state,
        refs[k],
        summary.name,
        summary.failing,
        summary.firstFound,
      ]);
    });
    await tx.copyFrom(
      "device_spans",
      [
        "device_id",
        "from_run",
        "snapshot_hash",
        "outcome_hash",
        "platform",
        "state",
        "outcome_ref",
        "name",
        "failing",
        "first_found",
      ],
      csv,
    );
    if (empty.snapshots) await tx.exec(ADD_SNAPSHOT_KEY);
    if (empty.spans) await tx.exec(ADD_SPAN_INDEXES);
    const tallies = talliesOf(shares);
    await tx.copyFrom(
      "run_tallies",
      ["run_id", "dimension", "key", "state", "devices"],
      tallies.map((t) => csvRow([id, t.dimension, t.key, t.state, t.devices])).join(""),
    );
    return {
      id,
      at: input.now,
      devices: count,
      changed: changed.length,
      gone: closing.length,
      newSnapshots,
      rowHash: hash,
    };
  });
}

// The same definitions as migrations 1 and 6 create (names included), dropped and made again in the run's transaction.
const DROP_SPAN_INDEXES = `
ALTER TABLE device_spans DROP CONSTRAINT device_spans_outcome_ref_fkey;
ALTER TABLE device_spans DROP CONSTRAINT device_spans_pkey;
DROP INDEX device_spans_open;
DROP INDEX device_spans_runs;`;
const ADD_SPAN_INDEXES = `
ALTER TABLE device_spans ADD CONSTRAINT device_spans_pkey PRIMARY KEY (device_id, from_run);
CREATE INDEX device_spans_open ON device_spans (device_id) WHERE to_run IS NULL;
CREATE INDEX device_spans_runs ON device_spans (from_run, to_run);
ALTER TABLE device_spans ADD CONSTRAINT device_spans_outcome_ref_fkey FOREIGN KEY (outcome_ref) REFERENCES outcomes (hash);`;
// The foreign keys to the snapshots' key go and come back with it: checked once over the loaded
// rows instead of one lookup per row.
const DROP_SNAPSHOT_KEY = `
ALTER TABLE runs DROP CONSTRAINT runs_groups_hash_fkey;
ALTER TABLE device_spans DROP CONSTRAINT device_spans_snapshot_hash_fkey;
ALTER TABLE snapshots DROP CONSTRAINT snapshots_pkey;`;
const ADD_SNAPSHOT_KEY = `
ALTER TABLE snapshots ADD CONSTRAINT snapshots_pkey PRIMARY KEY (hash);
ALTER TABLE runs ADD CONSTRAINT runs_groups_hash_fkey FOREIGN KEY (groups_hash) REFERENCES snapshots (hash);
ALTER TABLE device_spans ADD CONSTRAINT device_spans_snapshot_hash_fkey FOREIGN KEY (snapshot_hash) REFERENCES snapshots (hash);`;

async function markerHash(tx: Queryable): Promise<string | undefined> {
  const rows = await tx.query<{ last_hash: string }>(
    "SELECT last_hash FROM retention_markers ORDER BY id DESC LIMIT 1",
  );
  return rows[0]?.last_hash;
}

/**
 * Adds the snapshots the store does not hold yet with one COPY: one lookup first names those
 * it holds (COPY cannot skip existing rows, and a staging table doubled the first ingest's writes),
 * unless the caller knows them (`held`).
 */
async function insertSnapshots(tx: Queryable, devices: RecordedDevice[], held?: Set<string>): Promise<number> {
  if (devices.length === 0) return 0;
  const sent = new Map<string, string>();
  const unsent = new Set<string>();
  for (const d of devices) {
    if (d.snapshot !== undefined) sent.set(d.snapshotHash, d.snapshot);
    else unsent.add(d.snapshotHash);
  }
  for (const hash of sent.keys()) unsent.delete(hash);
  // `held`: the store held no snapshot before this run, so only those it wrote itself (the groups file).
  const present =
    held ??
    new Set(
      (
        await tx.query<{ hash: string }>("SELECT hash FROM snapshots WHERE hash = ANY($1::text[])", [
          [...sent.keys(), ...unsent],
        ])
      ).map((r) => r.hash),
    );
  // A snapshot the caller left out (it believed the store had it) must really be there.
  for (const hash of unsent)
    if (!present.has(hash))
      throw new Error(`internal error: snapshot ${hash} was not sent and is not in the store (a bug)`);
  let csv = "";
  let added = 0;
  for (const [hash, text] of sent) {
    if (present.has(hash)) continue;
    csv += csvRow([hash, text]);
    added++;
  }
  await tx.copyFrom("snapshots", ["hash", "body"], csv);
  return added;
}
