import { renameSync, writeFileSync } from "node:fs";

/** Writes `text` to `path` through a temporary file and a rename, so a reader sees the old or the new file, never half of one. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
