import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { HistoryError } from "../errors.js";

/**
 * One writer per embedded store: PGlite is one process's database, so a second process must
 * not open the directory while the first has it. The lock file names its holder; a holder
 * that is gone (same host, no such process) is taken over, so a killed run never blocks.
 */
export function takeLock(dir: string, store: string): () => void {
  const path = join(dir, "tenet.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder !== undefined && holder.host === hostname() && !alive(holder.pid)) {
        rmSync(path, { force: true });
        continue;
      }
      throw new HistoryError("CP5102", {
        store,
        holder:
          holder === undefined ? "unknown holder" : `process ${holder.pid} on ${holder.host} since ${holder.since}`,
        lock: path,
      });
    }
  }
  throw new HistoryError("CP5102", { store, holder: "a process that keeps re-taking the lock", lock: path });
}

function readHolder(path: string): { pid: number; host: string; since: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { pid: number; host: string; since: string };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
