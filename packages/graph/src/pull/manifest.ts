// manifest.json: what a snapshot directory holds, where it came from, and what could not be read.

import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import type { Unreadable } from "./checkpoint.js";

export const MANIFEST_FILE = "manifest.json";
export const SNAPSHOT_FORMAT = "tenet-snapshot/1";

/** The manifest of a snapshot directory (docs/snapshot-directory.md). */
export interface Manifest {
  format: typeof SNAPSHOT_FORMAT;
  tenantId: string | null;
  pulledAt: string;
  tool: { name: string; version: string };
  files: Record<string, { records: number; sha256: string }>;
  endpoints: Array<{ collection: string; url: string; apiVersion: string }>;
  unreadable: Unreadable[];
}

/** The sha256 of a file, streamed so a large devices file is never held in memory. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Hashes each file that exists, keyed by file name, with its record count. */
export async function describeFiles(
  dir: string,
  records: Array<[file: string, count: number]>,
): Promise<Manifest["files"]> {
  const files: Manifest["files"] = {};
  for (const [file, count] of records) {
    const path = join(dir, file);
    if (existsSync(path)) files[file] = { records: count, sha256: await sha256OfFile(path) };
  }
  return files;
}
