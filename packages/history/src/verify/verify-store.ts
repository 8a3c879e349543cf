import type { Queryable } from "../driver/driver.js";
import { fleetHashesAt } from "../query/fleet-at.js";
import { listRuns } from "../query/runs.js";
import { readRunVolatile } from "../query/run-volatile.js";
import { contentHash } from "../record/content-hash.js";
import { GENESIS, outcomeHash, rowHash } from "../record/record-run.js";
import { summaryOf } from "../record/device-outcome.js";
import { joinOutcome, readOutcomeBodies, type OutcomeBody } from "../record/outcome-bodies.js";

export interface StoreProblem {
  run: number;
  problem: string;
}

/**
 * Checks the store's hash chain: each run row hashes to its `row_hash` (an edited row), links
 * to the run before (a deleted, inserted or reordered row; after retention, to the marker's
 * last hash), and its device rows still hash to its `content_hash` (edited or deleted rows).
 */
export async function verifyStore(db: Queryable): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const marker = (
    await db.query<{ through_run: number; last_hash: string }>(
      "SELECT through_run, last_hash FROM retention_markers ORDER BY id DESC LIMIT 1",
    )
  )[0];
  let expected = marker?.last_hash ?? GENESIS;
  let expectedId = (marker?.through_run ?? 0) + 1;
  for (const run of await listRuns(db)) {
    const { rowHash: stored, redacted, ...fields } = run;
    const recomputed = rowHash({
      id: fields.id,
      at: fields.at,
      tenant: fields.tenant,
      policy_set_hash: fields.policySetHash,
      tenant_hash: fields.tenantHash,
      groups_hash: fields.groupsHash,
      engine_version: fields.engineVersion,
      devices: fields.devices,
      counts: fields.counts,
      content_hash: fields.contentHash,
      previous_hash: fields.previousHash,
    });
    if (recomputed !== stored) problems.push({ run: run.id, problem: "was edited: its row does not match its hash" });
    if (run.id !== expectedId)
      problems.push({
        run: run.id,
        problem: `comes where run ${expectedId} was expected: a run was deleted or the runs were renumbered`,
      });
    if (run.previousHash !== expected)
      problems.push({
        run: run.id,
        problem: "does not follow the run before it: a run was deleted, inserted or reordered",
      });
    const triples = (await fleetHashesAt(db, run.id)).map(
      (r) => `${r.device_id}\t${r.snapshot_hash}\t${r.outcome_hash}`,
    );
    const volatile = await readRunVolatile(db, run.id);
    if (volatile !== undefined && (volatile.hash !== volatile.storedHash || volatile.values.length !== run.devices))
      problems.push({ run: run.id, problem: "has volatile fields (lastSyncDateTime, ...) that were edited" });
    if (
      triples.length !== run.devices ||
      contentHash(triples, { volatileHash: volatile?.storedHash ?? null, redacted }) !== run.contentHash
    )
      problems.push({
        run: run.id,
        problem: `has device rows that were edited or deleted (${triples.length} devices found, ${run.devices} recorded)`,
      });
    expected = stored;
    expectedId = run.id + 1;
  }
  problems.push(...(await verifyOutcomes(db)));
  return problems;
}

const BATCH = 20_000;

/**
 * Each device row's outcome (its stored body with the row's name and platform put back) must
 * still hash to its `outcome_hash` (which the run hashes cover), and the columns `history at`
 * reads must say what the outcome says: an edited outcome, shared body or summary column is
 * named by the run each row it touches starts at. Read in batches, in key order.
 */
async function verifyOutcomes(db: Queryable): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const bodies = new Map<string, OutcomeBody>();
  let after: [string, number] = ["", -1];
  for (;;) {
    const rows = await db.query<{
      device_id: string;
      from_run: number;
      outcome_hash: string;
      outcome_ref: string;
      state: string;
      platform: string | null;
      name: string | null;
      failing: string | null;
      first_found: string | null;
    }>(
      `SELECT device_id, from_run, outcome_hash, outcome_ref, state, platform, name, failing, first_found FROM device_spans
       WHERE (device_id, from_run) > ($1, $2) ORDER BY device_id, from_run LIMIT ${BATCH}`,
      after,
    );
    const unread = rows.map((r) => r.outcome_ref).filter((ref) => !bodies.has(ref));
    for (const [hash, body] of await readOutcomeBodies(db, unread)) bodies.set(hash, body);
    for (const r of rows) {
      const body = bodies.get(r.outcome_ref);
      if (body === undefined) {
        problems.push({ run: r.from_run, problem: `has lost the outcome of device ${r.device_id}` });
        continue;
      }
      const outcome = joinOutcome(body, r.platform, r.name);
      const summary = summaryOf(outcome);
      if (outcomeHash(outcome) !== r.outcome_hash)
        problems.push({ run: r.from_run, problem: `has an edited outcome for device ${r.device_id}` });
      else if (r.state !== outcome.state || r.failing !== summary.failing || r.first_found !== summary.firstFound)
        problems.push({ run: r.from_run, problem: `has edited summary columns for device ${r.device_id}` });
    }
    if (rows.length < BATCH) return problems;
    const last = rows[rows.length - 1]!;
    after = [last.device_id, last.from_run];
  }
}
