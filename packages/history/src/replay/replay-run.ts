import {
  buildMembershipIndex,
  compile,
  type DeviceResult,
  type MembershipIndex,
  type PreviousState,
  type TenantSettings,
} from "@tenet/evaluator";
import { loadFactSchema, loadPolicySources, type CheckedPolicySet } from "@tenet/parser";
import type { Queryable } from "../driver/driver.js";
import { evaluateDevices } from "../evaluate/evaluate-run.js";
import { VALID_AT } from "../query/fleet-at.js";
import { getRun, type RunInfo } from "../query/runs.js";
import { sha256 } from "../record/canonical-json.js";
import { contentHash } from "../record/content-hash.js";
import { outcomeHash, type PolicyBundle } from "../record/record-run.js";
import { byDeviceId, joinVolatile, packVolatile } from "../record/volatile-fields.js";
import { readRunVolatile, volatileByDevice } from "../query/run-volatile.js";

export interface ReplayMismatch {
  deviceId: string;
  stored?: string;
  replayed?: string;
}

export interface ReplayResult {
  run: RunInfo;
  devices: number;
  identical: boolean;
  storedContentHash: string;
  replayedContentHash: string;
  policySetHash: string;
  mismatches: ReplayMismatch[];
}

/**
 * Recomputes a stored run from what the store holds (its snapshots, policy sources, tenant
 * settings, and each device's previous state as the run before left it) and compares every
 * device's outcome and the run's content hash with what was recorded.
 */
/**
 * Sees a replay from inside: called with the run's own policies before evaluation, it returns
 * what receives each device's result (a report "as of" the run is built this way).
 */
export type ReplayObserver = (policies: CheckedPolicySet) => (result: DeviceResult) => void;

const VALID_AT_D = VALID_AT.replaceAll("from_run", "d.from_run").replaceAll("to_run", "d.to_run");

export async function replayRun(
  db: Queryable,
  id: number,
  store: string,
  observe?: ReplayObserver,
): Promise<ReplayResult> {
  const run = await getRun(db, id, store);
  const bundle = (
    await db.query<{ bundle: PolicyBundle }>("SELECT bundle FROM policy_sets WHERE hash = $1", [run.policySetHash])
  )[0]!.bundle;
  const tenant =
    run.tenantHash === null
      ? undefined
      : (
          await db.query<{ settings: TenantSettings }>("SELECT settings FROM tenant_settings WHERE hash = $1", [
            run.tenantHash,
          ])
        )[0]?.settings;
  const schema =
    bundle.schema === undefined ? undefined : loadFactSchema(bundle.schema.json, "device", bundle.schema.file).value;
  const checked = loadPolicySources(bundle.sources, {
    now: Date.parse(run.at),
    ...(schema === undefined ? {} : { schemas: { device: schema } }),
  });
  const compiled = compile(checked.value);
  const onResult = observe?.(checked.value);
  const memberships = run.groupsHash === null ? undefined : await membershipsOf(db, run.groupsHash);

  // Runs are numbered one after another; after retention the run before may be gone, but the
  // rows that held at it (the previous states of this run) are kept.
  const previousRun = id > 1 ? id - 1 : null;
  const previous = new Map<string, PreviousState>();
  if (previousRun !== null) {
    const rows = await db.query<{ device_id: string; next: PreviousState }>(
      `SELECT d.device_id, o.body->'next' AS next FROM device_spans d JOIN outcomes o ON o.hash = d.outcome_ref ` +
        `WHERE ${VALID_AT_D}`,
      [previousRun],
    );
    for (const r of rows) previous.set(r.device_id, r.next);
  }
  const rows = await db.query<{ device_id: string; outcome_hash: string; body: string }>(
    `SELECT d.device_id, d.outcome_hash, s.body FROM device_spans d JOIN snapshots s ON s.hash = ` +
      `d.snapshot_hash WHERE ${VALID_AT_D}`,
    [id],
  );
  const stored = new Map(rows.map((r) => [r.device_id, r.outcome_hash]));
  // A snapshot is keyed by the sha256 of its body as stored (canonical JSON, or its members as read: see stableBytes).
  const bodyHash = new Map(rows.map((r) => [r.device_id, sha256(r.body)]));
  const volatile = volatileByDevice(
    await readRunVolatile(db, id),
    rows.map((r) => r.device_id),
  );
  const { devices } = evaluateDevices(
    compiled,
    rows.map((r) => joinVolatile(JSON.parse(r.body) as unknown, volatile.get(r.device_id))),
    {
      now: run.at,
      previous: (d) => previous.get(d),
      ...(onResult === undefined ? {} : { onResult }),
      ...(tenant === undefined ? {} : { tenant }),
      ...(memberships === undefined ? {} : { memberships }),
    },
  );
  const mismatches: ReplayMismatch[] = [];
  const triples: string[] = [];
  for (const d of devices) {
    const hash = outcomeHash(d.outcome);
    triples.push(`${d.id}\t${bodyHash.get(d.id)!}\t${hash}`);
    if (stored.get(d.id) !== hash)
      mismatches.push({ deviceId: d.id, replayed: hash, ...(stored.has(d.id) ? { stored: stored.get(d.id)! } : {}) });
  }
  const replayedVolatile = packVolatile([...devices].sort((a, b) => byDeviceId(a.id, b.id)).map((d) => d.volatile));
  const replayedContentHash = contentHash(triples, {
    volatileHash: replayedVolatile?.hash ?? null,
    redacted: run.redacted,
  });
  return {
    run,
    devices: devices.length,
    identical:
      mismatches.length === 0 && replayedContentHash === run.contentHash && compiled.hash === run.policySetHash,
    storedContentHash: run.contentHash,
    replayedContentHash,
    policySetHash: compiled.hash,
    mismatches,
  };
}

/** The membership file a run used, read as the CLI reads it (lines that are not JSON are skipped there too). */
async function membershipsOf(db: Queryable, hash: string): Promise<MembershipIndex> {
  const text = (await db.query<{ body: string }>("SELECT body FROM snapshots WHERE hash = $1", [hash]))[0]!.body;
  const records: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // Reported when the run was checked; the run resolved assignments without it.
    }
  }
  return buildMembershipIndex(records).index;
}
