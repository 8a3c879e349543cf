/**
 * `tenet report --as-of --period`: the time axis an auditor reads from the store. Three daily
 * runs on the example fleet (the second day unchanged, the third with two devices fixed, one
 * newly failing and a waiver expired) and the period's trend, transitions, time to fix, waivers
 * and proving runs checked against what happened.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenet } from "./run-cli.js";
import { recordDailyRuns, reportAsOf, type ReportAsOf } from "./daily-history.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-report-period-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let paths: { store: string; policies: string };
let report: ReportAsOf & { period: NonNullable<ReportAsOf["period"]> };

beforeAll(() => {
  paths = recordDailyRuns(dir);
  report = JSON.parse(reportAsOf(paths, "json").stdout) as typeof report;
}, 300_000);

describe("tenet report --as-of --period", () => {
  it(
    "gives each control's share at the date as the report counts it: waived devices apart, on the trend too",
    { timeout: 120_000 },
    () => {
      const r = report;
      expect(r.asOf.run).toBe(3);
      const inScope = r.controls.filter((c) => c.inScope > 0);
      expect(inScope.length).toBeGreaterThan(5);
      for (const c of inScope) {
        const last = r.period.controls.find((e) => e.key === `iso27001:${c.id}`)!.trend.at(-1)!;
        expect(last.run).toBe(3);
        expect(last.states).toEqual({
          pass: c.passing,
          ...(c.waived > 0 ? { waived: c.waived } : {}),
          ...(c.inScope - c.passing - c.waived > 0 ? { fail: c.inScope - c.passing - c.waived } : {}),
        });
        expect(last.passing).toBeCloseTo(c.passing / c.inScope, 12);
      }
    },
  );

  it(
    "counts the devices newly failing and fixed in the period per control and policy, and the time to fix",
    { timeout: 120_000 },
    () => {
      const r = report;
      const control = (id: string) => r.period.controls.find((e) => e.key === `iso27001:${id}`)!;
      // Networks security (firewall): two failing from the first run, LAPTOP-0001 newly on the 28th,
      // LAPTOP-0005 fixed on the 28th, 3.04 days after the first run found it failing.
      const network = control("A.8.20");
      expect(network).toMatchObject({ newlyFailing: 3, fixed: 1, waived: 0, left: 0 });
      expect(network.timeToFix).toMatchObject({ fixed: 1, open: 2, medianDays: 3, medianAtLeast: true });
      // Use of cryptography: LAPTOP-0004 (BitLocker) and MAC-0021 (FileVault) fixed; both took 3.04 days.
      const crypto = control("A.8.24");
      expect(crypto).toMatchObject({ newlyFailing: 4, fixed: 2 });
      expect(crypto.timeToFix).toMatchObject({ fixed: 2, open: 2, medianDays: 3, medianAtLeast: false });
      expect(crypto.trend.map((p) => [p.day, p.states["fail"]])).toEqual([
        ["2026-11-25", 4],
        ["2026-11-26", 4],
        ["2026-11-28", 2],
      ]);
      const windows = r.period.policies.find((e) => e.key === "windows-baseline")!;
      // LAPTOP-0004 and -0005 fixed; LAPTOP-0001 (firewall) and the loaner (its waiver expired) newly failing on the 28th.
      expect(windows).toMatchObject({ fixed: 2 });
      expect(windows.newlyFailing).toBe(
        windows.trend[0]!.states["noncompliant"]! +
          windows.trend[0]!.states["inGracePeriod"]! +
          windows.trend[0]!.states["error"]! +
          2,
      );
    },
  );

  it(
    "lists the waivers expired or open in the period, and the runs with their row hashes",
    { timeout: 120_000 },
    () => {
      const r = report;
      expect(r.period.waivers.map((w) => [w.name, w.status, w.expires, w.lastRun, w.devicesWaived])).toEqual([
        ["loaner-tpm", "expired", "2026-11-27", 2, 1],
        ["imaging-lab-macs", "open", "2027-03-31", 3, 1],
        ["windows-10-esu", "open", "2027-06-30", 3, 1],
      ]);
      const runs = JSON.parse(tenet(["history", "runs", "--history", paths.store, "--format", "json"]).stdout) as {
        rows: { run: number; rowHash: string }[];
      };
      expect(r.period.runs.map((x) => [x.id, x.rowHash])).toEqual(runs.rows.map((x) => [x.run, x.rowHash]));
      expect(r.period.runs.at(-1)!.rowHash).toBe(r.asOf.rowHash);
      expect(r.period.from).toBe("2026-10-29T13:00:00.000Z");

      const text = reportAsOf(paths, "text");
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`  run 3    2026-11-28T13:00:00.000Z  row hash ${r.asOf.rowHash}`);
      expect(text.stdout).toContain(
        "  loaner-tpm                     expires 2026-11-27 (expired); waived 1 device at run 2, its last in force; windows-baseline.tpm; approver secops@contoso.com",
      );
      expect(text.stdout).toMatch(
        /A\.8\.24 +86\.7% on 2026-11-25 -> 93\.3% on 2026-11-28\n +4 newly failing, 2 fixed; time to fix: median 3\.0 d/,
      );
    },
  );
});
