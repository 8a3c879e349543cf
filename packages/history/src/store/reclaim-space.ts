import type { Driver } from "../driver/driver.js";

/**
 * The embedded engine runs no autovacuum: the row versions a run leaves behind (each changed
 * device's span is closed by an UPDATE, retention deletes) would stay on disk for good. A
 * VACUUM after the run's commit makes their space reusable; it reads only the pages the run
 * changed. A server's autovacuum does the same on its own.
 */
export async function reclaimSpace(driver: Driver, tables: readonly string[]): Promise<void> {
  if (driver.engine !== "embedded") return;
  for (const table of tables) await driver.exec(`VACUUM ${table}`);
}
