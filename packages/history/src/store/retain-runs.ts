import type { Driver, Queryable } from "../driver/driver.js";

/**
 * A retention cut as recorded: runs up to `throughRun` were dropped at `at`, keeping `days`;
 * `lastHash` is the last dropped run's row hash.
 */
export interface RetentionMarker {
  at: string;
  throughRun: number;
  lastHash: string;
  days: number;
}

/** Every retention cut of the store, oldest first. */
export async function retentionMarkers(db: Queryable): Promise<RetentionMarker[]> {
  return (
    await db.query<{ at: string; through_run: number; last_hash: string; days: number }>(
      "SELECT at, through_run, last_hash, days FROM retention_markers ORDER BY id",
    )
  ).map((m) => ({ at: m.at, throughRun: m.through_run, lastHash: m.last_hash, days: m.days }));
}

export interface Pruned {
  runs: number;
  throughRun: number;
  snapshots: number;
}

/**
 * Drops runs older than `days` before `nowIso` (the last run is always kept), the device rows
 * no kept run needs, and snapshots, outcomes, policy sets and settings nothing refers to any more. A
 * retention marker takes their place, holding the last dropped run's hash, so the chain of
 * the runs kept still verifies and the cut itself is on record. One transaction.
 */
export async function retainRuns(driver: Driver, days: number, nowIso: string): Promise<Pruned | undefined> {
  const cutoff = new Date(Date.parse(nowIso) - days * 86_400_000).toISOString();
  return driver.transaction(async (tx) => {
    const cut =
      (
        await tx.query<{ id: number | null }>(
          "SELECT max(id) AS id FROM runs WHERE at < $1 AND id < (SELECT max(id) FROM runs)",
          [cutoff],
        )
      )[0]?.id ?? null;
    if (cut === null) return undefined;
    const last = (await tx.query<{ row_hash: string }>("SELECT row_hash FROM runs WHERE id = $1", [cut]))[0]!.row_hash;
    const runs = (await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM runs WHERE id <= $1", [cut]))[0]!.n;
    // Rows that ended by run `cut` held only at dropped runs; a row open at `cut` is the first kept run's previous state.
    await tx.query("DELETE FROM device_spans WHERE to_run IS NOT NULL AND to_run <= $1", [cut]);
    await tx.query("DELETE FROM runs WHERE id <= $1", [cut]);
    const snapshots = (
      await tx.query<{ n: number }>(
        `WITH gone AS (DELETE FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM device_spans d WHERE d.snapshot_hash = s.hash)
         AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.groups_hash = s.hash) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      )
    )[0]!.n;
    await tx.query(
      "DELETE FROM outcomes o WHERE NOT EXISTS (SELECT 1 FROM device_spans d WHERE d.outcome_ref = o.hash)",
    );
    await tx.query(
      "DELETE FROM policy_sets p WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.policy_set_hash = p.hash)",
    );
    await tx.query(
      "DELETE FROM tenant_settings t WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.tenant_hash = t.hash)",
    );
    await tx.query(
      "INSERT INTO retention_markers (id, at, through_run, last_hash, days) VALUES ((SELECT coalesce(max(id), " +
        "0) + 1 FROM retention_markers), $1, $2, $3, $4)",
      [nowIso, cut, last, days],
    );
    return { runs, throughRun: cut, snapshots };
  });
}
