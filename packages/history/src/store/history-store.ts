import type { Driver } from "../driver/driver.js";
import { readPreviousRun, type PreviousRun } from "../record/previous-run.js";
import { recordRun, type RecordedRun, type RunInput } from "../record/record-run.js";
import { deviceTimeline, type TimelineEntry } from "../query/device-timeline.js";
import { fleetAt, fleetSummaryAt, type DeviceAt, type DeviceSummary } from "../query/fleet-at.js";
import { diffRuns, type DiffEntry } from "../query/run-diff.js";
import { getRun, listRuns, runAsOf, type RunInfo } from "../query/runs.js";
import { trend, type TrendDimension, type TrendPoint } from "../query/trend.js";
import { failureSpans, type FailureSpan } from "../query/failure-spans.js";
import { runPolicies } from "../query/run-policies.js";
import type { CheckedPolicySet } from "@tenet/parser";
import { replayRun, type ReplayObserver, type ReplayResult } from "../replay/replay-run.js";
import { verifyStore, type StoreProblem } from "../verify/verify-store.js";
import { openDriver, type OpenOptions } from "./open-store.js";
import { reclaimSpace } from "./reclaim-space.js";
import { retainRuns, retentionMarkers, type Pruned, type RetentionMarker } from "./retain-runs.js";

/** The tables retention deletes from. */
const PRUNED_TABLES = [
  "device_spans",
  "runs",
  "run_tallies",
  "run_volatile",
  "snapshots",
  "outcomes",
  "policy_sets",
  "tenant_settings",
];

/** A history store: an embedded directory or a PostgreSQL server, migrated and ready. */
export class HistoryStore {
  private constructor(readonly driver: Driver) {}

  static async open(location: string, options: OpenOptions): Promise<HistoryStore> {
    return new HistoryStore(await openDriver(location, options));
  }

  get location(): string {
    return this.driver.location;
  }

  /** What the last run left: previous states for the next evaluation, and the base to record on. */
  previousRun(): Promise<PreviousRun> {
    return readPreviousRun(this.driver);
  }

  async record(base: PreviousRun, input: RunInput): Promise<RecordedRun> {
    const recorded = await recordRun(this.driver, base, input);
    await reclaimSpace(this.driver, ["device_spans"]);
    return recorded;
  }

  runs(): Promise<RunInfo[]> {
    return listRuns(this.driver);
  }

  run(id: number): Promise<RunInfo> {
    return getRun(this.driver, id, this.location);
  }

  /** The last run at or before an instant (CP5105 when there is none). */
  runAsOf(instant: string): Promise<RunInfo> {
    return runAsOf(this.driver, instant, this.location);
  }

  fleetAt(run: number): Promise<DeviceAt[]> {
    return fleetAt(this.driver, run);
  }

  /** Every device as of a run, without whole outcomes: what `history at` shows. */
  fleetSummaryAt(run: number): Promise<DeviceSummary[]> {
    return fleetSummaryAt(this.driver, run);
  }

  /** A device's changes and their causes; `volatileFields` (by default DEFAULT_VOLATILE_FIELDS) move without the device changing. */
  deviceTimeline(deviceId: string, volatileFields?: readonly string[]): Promise<TimelineEntry[]> {
    return deviceTimeline(this.driver, deviceId, volatileFields);
  }

  async diff(a: number, b: number): Promise<DiffEntry[]> {
    await this.run(a);
    await this.run(b);
    return diffRuns(this.driver, a, b);
  }

  trend(by: TrendDimension, from: string, to: string): Promise<TrendPoint[]> {
    return trend(this.driver, by, from, to);
  }

  /** Every device's outcomes up to a run, reduced to what failed (a period's transitions and time to fix). */
  failureSpans(through: number): Promise<FailureSpan[]> {
    return failureSpans(this.driver, through);
  }

  /** The policy set a run was evaluated with, from the sources the store keeps. */
  runPolicies(run: RunInfo): Promise<CheckedPolicySet> {
    return runPolicies(this.driver, run.policySetHash, run.at);
  }

  /** Evaluates a run again from the store alone and compares it with what was recorded; `observe` sees each result. */
  replay(run: number, observe?: ReplayObserver): Promise<ReplayResult> {
    return replayRun(this.driver, run, this.location, observe);
  }

  verify(): Promise<StoreProblem[]> {
    return verifyStore(this.driver);
  }

  async retain(days: number, nowIso: string): Promise<Pruned | undefined> {
    const pruned = await retainRuns(this.driver, days, nowIso);
    if (pruned !== undefined) await reclaimSpace(this.driver, PRUNED_TABLES);
    return pruned;
  }

  /** The store's retention cuts, oldest first (what `audit verify --history` checks the log against). */
  retentionMarkers(): Promise<RetentionMarker[]> {
    return retentionMarkers(this.driver);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
