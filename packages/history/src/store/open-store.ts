import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { DAILY_RUN_POOL_MB } from "../driver/buffer-pool.js";
import type { Driver } from "../driver/driver.js";
import { HistoryError } from "../errors.js";
import { takeLock } from "./lock-file.js";
import { migrate } from "./migrate.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

export interface OpenOptions {
  /** Written into `tenet_schema` by each migration applied, e.g. `tenet 0.1.0`. */
  tool: string;
  /**
   * Opened for one daily run (`check --history`): an embedded store's buffer pool is then at most
   * DAILY_RUN_POOL_MB, which is all such a run uses; queries keep a pool the size of the store.
   */
  dailyRun?: boolean;
  /** Only for tests of migrations: the migrations this store knows. */
  migrations?: readonly Migration[];
}

/** Whether a store location names a PostgreSQL server rather than an embedded directory. */
export function isServerUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens (creating and migrating as needed) a store: a `postgres://` URL is a server, anything
 * else a directory for the embedded engine, locked for this process until `close`.
 */
export async function openDriver(location: string, options: OpenOptions): Promise<Driver> {
  let driver: Driver;
  // Each engine is loaded when a store is opened: `tenet check` without --history loads neither.
  if (isServerUrl(location)) {
    const { openPg, redactUrl } = await import("../driver/pg-driver.js");
    try {
      driver = await openPg(location);
    } catch (error) {
      throw new HistoryError("CP5103", {
        store: redactUrl(location),
        reason: messageOf(error),
        help: "check the URL, that the server runs and accepts this user (see also TENET_HISTORY_URL)",
      });
    }
  } else {
    const dir = resolve(location);
    if (existsSync(dir)) {
      const entries = readdirSync(dir);
      if (entries.length > 0 && !entries.includes("PG_VERSION"))
        throw new HistoryError("CP5108", {
          store: location,
          reason: "the directory is not empty and holds no database",
        });
    } else mkdirSync(dir, { recursive: true });
    const release = takeLock(dir, location);
    try {
      const { openPglite } = await import("../driver/pglite-driver.js");
      const opened = await openPglite(dir, location, options.dailyRun ? DAILY_RUN_POOL_MB : undefined);
      driver = {
        ...opened,
        async close() {
          try {
            await opened.close();
          } finally {
            release();
          }
        },
      };
    } catch (error) {
      release();
      throw new HistoryError("CP5103", {
        store: location,
        reason: messageOf(error),
        help: "the directory may be damaged or written by another PostgreSQL version",
      });
    }
  }
  try {
    await migrate(driver, options.tool, options.migrations ?? MIGRATIONS);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return driver;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
