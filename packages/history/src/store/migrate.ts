import type { Driver, Queryable } from "../driver/driver.js";
import { HistoryError } from "../errors.js";
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from "./migrations.js";

/** The store's schema version (0 for an empty database). */
export async function schemaVersion(db: Queryable): Promise<number> {
  // The catalog lookup rather than information_schema.tables, whose views cost the embedded engine
  // about 10 ms more CPU at every open (docs/benchmarks.md). A NULL schema names no table, as before.
  const exists = await db.query<{ found: boolean }>(
    "SELECT to_regclass(quote_ident(current_schema()) || '.tenet_schema') IS NOT NULL AS found",
  );
  if (exists[0]!.found !== true) return 0;
  const rows = await db.query<{ v: number | null }>("SELECT max(version) AS v FROM tenet_schema");
  return rows[0]?.v ?? 0;
}

/**
 * Brings the store to this Tenet's schema, each migration in its own transaction under the
 * writer lock; refuses (CP5101) a store written by a newer Tenet rather than guess.
 */
export async function migrate(
  driver: Driver,
  tool: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const known = migrations[migrations.length - 1]?.version ?? SCHEMA_VERSION;
  let version = await schemaVersion(driver);
  if (version > known) throw new HistoryError("CP5101", { store: driver.location, found: version, known });
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    await driver.transaction(async (tx) => {
      // Another process may have migrated while this one waited for the lock.
      const now = await schemaVersion(tx);
      if (now >= migration.version) return;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO tenet_schema (version, applied_at, tool) VALUES ($1, $2, $3)", [
        migration.version,
        new Date().toISOString(),
        tool,
      ]);
    });
    version = migration.version;
  }
  return version;
}
