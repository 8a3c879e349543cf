import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { CliError, EXIT, invocationDiagnostic } from "../exit-codes.js";
import { processExists } from "../output/process-exists.js";

/** How long a run waits for another run's append before giving up (an append takes milliseconds). */
const WAIT_MS = 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `work` holding `LOG.lock`, an exclusively created file naming its holder, so two runs
 * on one log never read the same head and fork the chain. A run waits for the holder; a holder
 * on this host whose process is gone (killed) is taken over, so a crash never blocks the log.
 */
export function withAppendLock<T>(log: string, work: () => T): T {
  const lock = `${log}.lock`;
  const started = Date.now();
  let pause = 2;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lock);
      if (holder !== undefined && holder.host === hostname() && !processExists(holder.pid)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS)
        throw new CliError(
          [
            invocationDiagnostic("CP5078", {
              path: log,
              seconds: Math.round(WAIT_MS / 1000),
              holder: holder === undefined ? "unknown holder" : `process ${holder.pid} on ${holder.host}`,
              lock,
            }),
          ],
          EXIT.usage,
        );
      Atomics.wait(sleeper, 0, 0, pause);
      pause = Math.min(pause * 2, 50);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readHolder(path: string): { pid: number; host: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { pid: number; host: string };
  } catch {
    // Being written this very moment, or already removed: wait and look again.
    return undefined;
  }
}
