/**
 * Builds the packages (`tsc -b`, incremental) before the CLI is spawned, so end-to-end tests
 * never run a stale `dist/`. Test files run in parallel workers: a lock directory makes
 * concurrent builds wait for each other instead of writing the same outputs at once.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../cli/run-cli.js";

const LOCK = join(ROOT, "node_modules", ".tenet-build.lock");
const STALE_MS = 5 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function buildOnce(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building; take over a lock left behind by a killed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`the build failed, so the CLI cannot be tested:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
