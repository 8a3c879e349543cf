import { appendFileSync, closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { writeFileAtomically } from "../output/atomic-output.js";

/** Bytes after the last newline: a record whose append never finished (a killed run, a full disk). */
export interface TornRecord {
  offset: number;
  bytes: number;
}

/** The last complete line of the log and a torn tail after it, read from the end only. */
export function readTail(path: string): { last: string | undefined; torn: TornRecord | undefined } {
  const fd = openSync(path, "a+");
  try {
    const size = fstatSync(fd).size;
    for (let window = 1 << 16; ; window *= 4) {
      const start = Math.max(0, size - window);
      const chunk = Buffer.alloc(size - start);
      readSync(fd, chunk, 0, chunk.length, start);
      const end = chunk.lastIndexOf(0x0a);
      const torn = end + 1 < chunk.length ? { offset: start + end + 1, bytes: chunk.length - end - 1 } : undefined;
      if (end < 0 && start > 0) continue;
      const previous = end < 0 ? -1 : chunk.lastIndexOf(0x0a, end - 1);
      if (previous < 0 && start > 0) continue;
      const last = end < 0 ? undefined : chunk.subarray(previous + 1, end).toString("utf8");
      return { last: last?.trim() === "" ? undefined : last, torn };
    }
  } finally {
    closeSync(fd);
  }
}

/** Where the torn tails of `path` are kept. */
export const sideFile = (path: string) => `${path}.torn`;

/**
 * Moves a torn tail to the side file (one JSON line each: when, where, the bytes) and cuts the
 * log back to its last complete record, so the next append continues a valid chain and
 * `audit verify` can still say what happened. Call it holding the append lock.
 */
export function setAsideTorn(path: string, torn: TornRecord): void {
  const fd = openSync(path, "r+");
  try {
    const bytes = Buffer.alloc(torn.bytes);
    readSync(fd, bytes, 0, torn.bytes, torn.offset);
    appendFileSync(
      sideFile(path),
      `${JSON.stringify({ setAsideAt: new Date().toISOString(), offset: torn.offset, base64: bytes.toString("base64") })}\n`,
    );
    ftruncateSync(fd, torn.offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends whole lines with one write, flushed to disk before the lock is released. */
export function appendLines(path: string, text: string): void {
  const fd = openSync(path, "a");
  try {
    const bytes = Buffer.from(text, "utf8");
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces the whole log through a temporary file and a rename: a crash leaves the old log or the new one. */
export function replaceLog(path: string, text: string): void {
  writeFileAtomically(path, text);
}
