import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../packages/cli/dist/bin/tenet.js", import.meta.url));

/** Runs the built `tenet` binary (the test command builds first) and captures everything. */
export function tenet(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; env?: Record<string, string>; timeout?: number } = {},
) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const NOW = "2026-11-25T12:00:00Z";
