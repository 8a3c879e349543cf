import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** PostgreSQL's default pool, and the most an embedded store gets: a larger one costs more to start than it saves. */
export const MOST_POOL_MB = 128;
export const LEAST_POOL_MB = 16;

/**
 * The most a daily run's pool holds (`check --history` opens the store with `dailyRun`). The one
 * large read of a daily run, the open spans' sequential scan, goes through a 256 KB ring buffer
 * once the table is larger than a quarter of the pool (at 100,000 devices it passes 32 MB, a
 * quarter of the largest pool, within a few runs), and the rest it touches (the 2% of spans it
 * closes, the pages it appends) is read about once: a larger pool only costs its zero-fill and
 * its memory. At 100,000 devices: CPU unchanged, peak RSS 571 -> 457 MiB (docs/benchmarks.md,
 * session 11; 16 MB saved no more).
 */
export const DAILY_RUN_POOL_MB = 32;

/**
 * The buffer pool (`shared_buffers`, MB) for the embedded store in `dataDir`: as large as its
 * database's files, between 16 and `most` MB. PGlite zero-fills the whole pool at every start, in
 * WebAssembly (about 90 ms of CPU for 128 MB), and a pool larger than the data it caches only
 * costs that and memory: a store of 10,000 devices holds about 33 MB. The database is the
 * largest directory under `base` (the two templates beside it hold a few MB each and are never read).
 */
export function bufferPoolMb(dataDir: string, most = MOST_POOL_MB): number {
  let largest = 0;
  // The newest database first (the highest OID: the store's, after the templates initdb made).
  for (const db of listed(join(dataDir, "base")).sort((a, b) => Number(b.name) - Number(a.name))) {
    if (!db.isDirectory()) continue;
    let bytes = 0;
    for (const file of listed(join(dataDir, "base", db.name))) {
      if (file.isFile())
        bytes += statSync(join(dataDir, "base", db.name, file.name), { throwIfNoEntry: false })?.size ?? 0;
      // Past the most a store gets, the rest need not be looked at (a large store has a thousand files).
      if (bytes > most * (1 << 20)) return most;
    }
    largest = Math.max(largest, bytes);
  }
  return Math.min(most, Math.max(LEAST_POOL_MB, Math.ceil(largest / (1 << 20))));
}

function listed(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    // A new store has no database yet.
    return [];
  }
}
