import type { HistoryStore } from "@tenet/history";
import type { FrameworkCatalog } from "./catalog.js";
import { FrameworkAccumulator, frameworkText, type FrameworkReport } from "./framework-report.js";

/** A control's share of devices passing on one day, from the run store's per-run tallies. */
export interface ControlTrendPoint {
  day: string;
  run: number;
  control: string;
  pass: number;
  fail: number;
  passing: number;
}

/** A framework report as of an instant, recomputed from the run store, with what proves it. */
export interface ReportAsOf extends FrameworkReport {
  asOf: {
    instant: string;
    store: string;
    run: number;
    runAt: string;
    rowHash: string;
    contentHash: string;
    policySetHash: string;
    /** The run evaluated again from the store alone gave the recorded outcomes, device for device. */
    replayIdentical: boolean;
    devicesDiffering: number;
  };
  trend?: { from: string; to: string; points: ControlTrendPoint[] };
}

/**
 * The report of `framework` as the fleet stood at `instant`: the last run at or before it is
 * replayed from the store (its snapshots, its own policy set and the previous states it started
 * from) and every device result goes through the same accumulator as `tenet report`; the
 * replay's comparison with the recorded outcomes is the proof. With `periodDays`, each control's
 * daily share passing over the period before, read from the per-run tallies.
 */
export async function frameworkReportAsOf(
  store: HistoryStore,
  options: { framework: string; catalog: FrameworkCatalog; instant: string; periodDays?: number },
): Promise<ReportAsOf> {
  const run = await store.runAsOf(options.instant);
  let acc: FrameworkAccumulator | undefined;
  const replay = await store.replay(run.id, (policies) => {
    acc = new FrameworkAccumulator(policies, options.framework, Date.parse(run.at), options.catalog);
    return (result) => acc!.add(result);
  });
  const report: ReportAsOf = {
    ...acc!.report(),
    asOf: {
      instant: options.instant,
      store: store.location,
      run: run.id,
      runAt: run.at,
      rowHash: run.rowHash,
      contentHash: run.contentHash,
      policySetHash: run.policySetHash,
      replayIdentical: replay.identical,
      devicesDiffering: replay.mismatches.length,
    },
  };
  if (options.periodDays !== undefined) {
    const from = new Date(Date.parse(run.at) - options.periodDays * 86_400_000).toISOString();
    const prefix = `${options.framework}:`;
    const points = (await store.trend("control", from, run.at))
      .filter((p) => p.key.startsWith(prefix))
      .map((p) => ({
        day: p.day,
        run: p.run,
        control: p.key.slice(prefix.length),
        pass: p.states["pass"] ?? 0,
        fail: p.states["fail"] ?? 0,
        passing: p.passing,
      }));
    report.trend = { from, to: run.at, points };
  }
  return report;
}

export function reportAsOfText(r: ReportAsOf): string {
  const a = r.asOf;
  const lines = [
    `As of ${a.instant}: run ${a.run} of ${a.store} (recorded at ${a.runAt})`,
    `  row hash ${a.rowHash}, policy set ${a.policySetHash}`,
    a.replayIdentical
      ? `  replayed from the store: identical for all ${r.devices} devices (content hash ${a.contentHash})`
      : `  replayed from the store: ${a.devicesDiffering} devices differ from what was recorded (see \`tenet history replay ${a.run}\`)`,
    "",
  ];
  let text = `${lines.join("\n")}\n${frameworkText(r)}`;
  if (r.trend !== undefined) {
    const trend = [
      "",
      `Trend from ${r.trend.from.slice(0, 10)} to ${r.trend.to.slice(0, 10)} (share of devices passing, last run of each day):`,
    ];
    for (const p of r.trend.points)
      trend.push(
        `  ${p.day}  ${p.control.padEnd(22)} ${(100 * p.passing).toFixed(1).padStart(5)}%  (${p.pass} pass, ${p.fail} fail; run ${p.run})`,
      );
    if (r.trend.points.length === 0) trend.push("  no runs with control tallies in the period");
    text += `${trend.join("\n")}\n`;
  }
  return text;
}
