import type { HistoryStore } from "@tenet/history";
import type { FrameworkCatalog } from "./catalog.js";
import { FrameworkAccumulator, frameworkText, type FrameworkReport } from "./framework-report.js";
import { timeAxis, type TimeAxis } from "./time-axis.js";
import { timeAxisText } from "./time-axis-text.js";

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
  /** With a period: the trend, transitions, time to fix and waivers before the run, and the runs that prove them. */
  period?: TimeAxis;
}

/**
 * The report of `framework` as the fleet stood at `instant`: the last run at or before it is
 * replayed from the store (its snapshots, its own policy set and the previous states it started
 * from) and every device result goes through the same accumulator as `tenet report`; the
 * replay's comparison with the recorded outcomes is the proof. With `periodDays`, the period
 * before it: trends, transitions, time to fix and waivers (see `timeAxis`).
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
  if (options.periodDays !== undefined)
    report.period = await timeAxis(store, run, options.periodDays, options.framework);
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
  if (r.period !== undefined) text += timeAxisText(r.period, r.framework);
  return text;
}
