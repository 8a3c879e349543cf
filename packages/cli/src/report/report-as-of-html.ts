import type { HistoryStore, RunInfo } from "@tenet/history";
import { htmlRenderer } from "../render/render-html.js";
import { briefOf, Summary, type OutputRecord, type Write } from "../render/output-record.js";
import { DEFAULT_FAIL_ON } from "../run/gate.js";
import type { FrameworkCatalog } from "./catalog.js";
import { timeAxis, type TimeAxis } from "./time-axis.js";

/**
 * The HTML report of the run the fleet stood at, replayed from the store (as `check --format
 * html` wrote it that day, every framework included) with, given `periodDays`, the time axis
 * before it; its header cites the run and its row hash. Returns how the replay compared.
 */
export async function htmlReportAsOf(
  store: HistoryStore,
  run: RunInfo,
  options: { catalog: FrameworkCatalog; periodDays?: number },
  write: Write,
): Promise<{ identical: boolean; devicesDiffering: number }> {
  const summary = new Summary(DEFAULT_FAIL_ON);
  let axis: TimeAxis | undefined;
  let renderer: ReturnType<typeof htmlRenderer> | undefined;
  let index = 0;
  const replay = await store.replay(run.id, (policies) => {
    renderer = htmlRenderer({
      now: run.at,
      policySetHash: () => run.policySetHash,
      failOn: DEFAULT_FAIL_ON,
      policySet: () => policies,
      frameworks: options.catalog,
      provenance: () => ({
        ...(run.tenant === null ? {} : { tenant: run.tenant }),
        history: { store: store.location, run: run.id, rowHash: run.rowHash },
        engineVersion: run.engineVersion,
      }),
      timeAxis: () => axis,
    });
    return (result) => {
      const record: OutputRecord = { input: { source: `run ${run.id}`, index: index++ }, result };
      summary.add(briefOf(record, DEFAULT_FAIL_ON));
      renderer!.take(renderer!.digest(record));
    };
  });
  if (options.periodDays !== undefined) axis = await timeAxis(store, run, options.periodDays);
  await write(renderer!.begin());
  await renderer!.finish(summary, write);
  return { identical: replay.identical, devicesDiffering: replay.mismatches.length };
}
