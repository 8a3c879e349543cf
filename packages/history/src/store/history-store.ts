import type { Driver } from "../driver/driver.js";
import { readPreviousRun, type PreviousRun } from "../record/previous-run.js";
import { recordRun, type RecordedRun, type RunInput } from "../record/record-run.js";
import { openDriver, type OpenOptions } from "./open-store.js";

/** A history store: an embedded directory or a PostgreSQL server, migrated and ready. */
export class HistoryStore {
  private constructor(readonly driver: Driver) {}

  static async open(location: string, options: OpenOptions): Promise<HistoryStore> {
    return new HistoryStore(await openDriver(location, options));
  }

  get location(): string {
    return this.driver.location;
  }

  /** What the last run left: previous states for the next evaluation, and the base to record on. */
  previousRun(): Promise<PreviousRun> {
    return readPreviousRun(this.driver);
  }

  record(base: PreviousRun, input: RunInput): Promise<RecordedRun> {
    return recordRun(this.driver, base, input);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
