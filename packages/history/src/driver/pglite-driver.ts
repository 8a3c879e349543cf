import { PGlite, type Transaction } from "@electric-sql/pglite";
import { bufferPoolMb } from "./buffer-pool.js";
import { WRITER_LOCK_KEY, type Driver, type Queryable } from "./driver.js";

function wrap(db: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async copyFrom(table: string, columns: string[], csv: string) {
      if (csv === "") return;
      // PGlite reads COPY input from a virtual /dev/blob: about 100 times faster than row inserts.
      await db.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
  };
}

/**
 * The embedded engine: PostgreSQL compiled to WebAssembly, its data in a directory; its buffer
 * pool at most `mostPoolMb` (see bufferPoolMb).
 */
export async function openPglite(
  dataDir: string | undefined,
  shownAs = dataDir ?? "memory",
  mostPoolMb?: number,
): Promise<Driver> {
  const db = await PGlite.create(dataDir === undefined ? undefined : `file://${dataDir}`, {
    // PostgreSQL keeps up to max_wal_size (1 GB by default) of write-ahead log on disk. For a
    // store that one process writes once a day that is dead weight: 64 MB bounds it (a first
    // ingest of 100,000 devices then checkpoints a few times on the way, which it hardly notices).
    startParams: [
      ...PGlite.defaultStartParams,
      "-c",
      "max_wal_size=64MB",
      "-c",
      "min_wal_size=32MB",
      // A pool the size of the store, at most mostPoolMb (in memory: PostgreSQL's default), see bufferPoolMb.
      ...(dataDir === undefined ? [] : ["-c", `shared_buffers=${bufferPoolMb(dataDir, mostPoolMb)}MB`]),
    ],
  });
  const base = wrap(db);
  return {
    engine: "embedded",
    location: shownAs,
    ...base,
    async transaction(body, options) {
      return db.transaction(async (tx) => {
        // One process owns an embedded store (see the lock file); the lock also documents intent.
        if (options?.lock !== false) await tx.query("SELECT pg_advisory_xact_lock($1)", [WRITER_LOCK_KEY]);
        return body(wrap(tx));
      });
    },
    async close() {
      await db.close();
    },
  };
}
