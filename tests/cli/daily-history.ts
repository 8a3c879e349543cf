// Three daily `check --history` runs on the example fleet, shared by the time-axis tests.
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReportAsOf } from "../../packages/cli/src/report/report-as-of.js";
import { ROOT, tenet } from "./run-cli.js";

export const LOANER = "a1b2c3d4-0000-4000-8000-000000000012";

/**
 * Copies the policy library to `dir/policies` with a waiver for the TPM-less laptop that expires
 * between the second and third runs, then records the example fleet on the 25th and 26th and the
 * changed snapshot (two devices fixed, one newly failing) on the 28th in `dir/store`. `last`
 * adds options to the third run (an html report, an audit log).
 */
export function recordDailyRuns(
  dir: string,
  options: { approver?: string; every?: string[]; last?: string[] } = {},
): { store: string; policies: string } {
  const store = join(dir, "store");
  const policies = join(dir, "policies");
  cpSync(join(ROOT, "policies"), policies, { recursive: true });
  writeFileSync(
    join(policies, "waivers", "loaner-tpm.tenet"),
    `waiver loaner-tpm "Loaner laptop awaiting a TPM board" {\n  rules windows-baseline.tpm\n  devices "${LOANER}"\n  reason "board on order"\n  approver ${JSON.stringify(options.approver ?? "secops@contoso.com")}\n  expires 2026-11-27\n}\n`,
  );
  const runs = [
    ["examples/fleet/devices.ndjson", "2026-11-25T12:00:00Z", ["-f", "csv", "-o", join(dir, "run.csv")]],
    ["examples/fleet/devices.ndjson", "2026-11-26T12:00:00Z", ["-f", "csv", "-o", join(dir, "run.csv")]],
    [
      "examples/history/devices-2026-11-28.ndjson",
      "2026-11-28T13:00:00Z",
      options.last ?? ["-f", "csv", "-o", join(dir, "run.csv")],
    ],
  ] as const;
  for (const [file, now, output] of runs) {
    const r = tenet([
      "check",
      "-p",
      policies,
      file,
      "--tenant",
      "examples/tenant.json",
      "--now",
      now,
      "--history",
      store,
      "--fail-on",
      "never",
      "-q",
      ...(options.every ?? []),
      ...output,
    ]);
    if (r.code !== 0) throw new Error(`check --now ${now} exited ${r.code}: ${r.stderr}`);
  }
  return { store, policies };
}

/** `tenet report --framework iso27001 --as-of` the third run, with a 30-day period. */
export function reportAsOf(paths: { store: string; policies: string }, format: "json" | "text" | "html") {
  return tenet([
    "report",
    "--framework",
    "iso27001",
    "-p",
    paths.policies,
    "--as-of",
    "2026-11-28T20:00:00Z",
    "--period",
    "30d",
    "--history",
    paths.store,
    "-f",
    format,
  ]);
}

export type { ReportAsOf };
