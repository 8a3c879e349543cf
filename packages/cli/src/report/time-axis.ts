import type { FailureSpan, HistoryStore, RunInfo, TrendPoint } from "@tenet/history";
import type { CheckedPolicySet } from "@tenet/parser";

/** A run of the period, as the proof cites it: `tenet history verify` and `audit verify --history` check these hashes. */
export interface ProvingRun {
  id: number;
  at: string;
  rowHash: string;
  contentHash: string;
  policySetHash: string;
}

/** One day's share passing (the last run of the day stands for it). */
export interface DayShare {
  day: string;
  run: number;
  /** Devices per state: pass, waived, fail (controls) or policy states. */
  states: Record<string, number>;
  passing: number;
}

/**
 * How long failures took to fix: from the first run that found the device failing to the first
 * run that found it passing again, in days between those runs' instants. Failures still open at
 * the last run count at their age then, a lower bound; a percentile that falls on or above one of
 * them is only known to be at least that (`…AtLeast`).
 */
export interface TimeToFix {
  fixed: number;
  open: number;
  medianDays: number | null;
  medianAtLeast: boolean;
  p90Days: number | null;
  p90AtLeast: boolean;
  oldestOpenDays: number | null;
}

/** A control (`framework:id`) or a policy over the period. */
export interface AxisEntry {
  key: string;
  trend: DayShare[];
  /** Devices found failing in the period that were not failing at the run before (or were first seen failing). */
  newlyFailing: number;
  /** Failures that ended in the period because the device passed again. */
  fixed: number;
  /** Failures that ended in the period under a waiver (controls only; a waived policy is compliant, so fixed). */
  waived: number;
  /** Failures that ended because the device left the fleet (absent from a run). */
  left: number;
  timeToFix: TimeToFix;
}

/** A waiver the period's policy sets declared, and what became of it. */
export interface WaiverInPeriod {
  name: string;
  rules: string[];
  approver: string;
  reason: string;
  expires: string;
  /** `expired` in the period, `open` at its end, or `withdrawn` (no longer declared, not expired). */
  status: "expired" | "open" | "withdrawn";
  /**
   * The last run of the period that had it in force (declared and not expired), or null when none
   * did, and how many devices it waived at that run.
   */
  lastRun: number | null;
  devicesWaived: number;
}

/** What a period of the store says: the trend, transitions, time to fix and waivers, with the runs that prove it. */
export interface TimeAxis {
  from: string;
  to: string;
  runs: ProvingRun[];
  controls: AxisEntry[];
  policies: AxisEntry[];
  waivers: WaiverInPeriod[];
}

const DAY_MS = 86_400_000;

/**
 * The period of `days` before `run` (included), from the store: per control (of `framework`,
 * or all) and per policy the daily share passing, the devices newly failing and fixed in the
 * period and the time to fix, the waivers open or expired in it, and every run it reads.
 * A rule maps to the controls its run's own policy set gave it.
 */
export async function timeAxis(store: HistoryStore, run: RunInfo, days: number, framework?: string): Promise<TimeAxis> {
  const from = new Date(Date.parse(run.at) - days * DAY_MS).toISOString();
  const allRuns = (await store.runs()).filter((r) => r.id <= run.id);
  const inPeriod = allRuns.filter((r) => r.at >= from);
  const periodIds = new Set(inPeriod.map((r) => r.id));
  const atOf = new Map(allRuns.map((r) => [r.id, Date.parse(r.at)]));
  const sets = new Map<string, CheckedPolicySet>();
  for (const r of allRuns) if (!sets.has(r.policySetHash)) sets.set(r.policySetHash, await store.runPolicies(r));
  const controlsOfRule = new Map<string, Map<string, string[]>>();
  for (const [hash, set] of sets) {
    const map = new Map<string, string[]>();
    for (const p of set.compliance)
      for (const rule of p.rules)
        map.set(
          rule.id,
          rule.controls
            .filter((c) => framework === undefined || c.framework === framework)
            .map((c) => `${c.framework}:${c.id}`),
        );
    controlsOfRule.set(hash, map);
  }
  const setOfRun = new Map(allRuns.map((r) => [r.id, r.policySetHash]));
  const controlKeys = (span: FailureSpan, rules: string[]) => {
    // A row that began before retention's cut maps with the oldest kept run's policy set.
    const map = controlsOfRule.get(setOfRun.get(span.fromRun) ?? allRuns[0]!.policySetHash);
    return new Set(rules.flatMap((id) => map?.get(id) ?? []));
  };

  const spans = await store.failureSpans(run.id);
  const controls = new Episodes(periodIds, atOf, run.id);
  const policies = new Episodes(periodIds, atOf, run.id);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const previous = spans[i - 1]?.deviceId === span.deviceId ? spans[i - 1] : undefined;
    if (previous === undefined || previous.toRun !== span.fromRun) {
      // A new device, or one back after an absence: what it was failing ended when it left.
      if (previous?.toRun != null) {
        controls.leave(previous.toRun);
        policies.leave(previous.toRun);
      }
      controls.startDevice();
      policies.startDevice();
    }
    controls.observe(span.fromRun, controlKeys(span, span.rules), controlKeys(span, span.waived));
    policies.observe(span.fromRun, new Set(span.policies), new Set());
    const next = spans[i + 1];
    if ((next === undefined || next.deviceId !== span.deviceId) && span.toRun !== null) {
      controls.leave(span.toRun);
      policies.leave(span.toRun);
    }
  }
  controls.endDevice();
  policies.endDevice();

  const shares = (points: TrendPoint[], prefix: string) => {
    const by = new Map<string, DayShare[]>();
    for (const p of points) {
      if (!p.key.startsWith(prefix)) continue;
      const list = by.get(p.key) ?? [];
      list.push({ day: p.day, run: p.run, states: p.states, passing: p.passing });
      by.set(p.key, list);
    }
    return by;
  };
  const controlTrend = shares(
    await store.trend("control", from, run.at),
    framework === undefined ? "" : `${framework}:`,
  );
  const policyTrend = shares(await store.trend("policy", from, run.at), "");
  return {
    from,
    to: run.at,
    runs: inPeriod.map((r) => ({
      id: r.id,
      at: r.at,
      rowHash: r.rowHash,
      contentHash: r.contentHash,
      policySetHash: r.policySetHash,
    })),
    controls: controls.entries(controlTrend),
    policies: policies.entries(policyTrend),
    waivers: waiversInPeriod(inPeriod, sets, spans, from, run),
  };
}

interface Episode {
  start: number;
}

/** Failure episodes per key (control or policy), device by device, folded into the period's counts. */
class Episodes {
  private open = new Map<string, Episode>();
  private readonly counts = new Map<string, { newlyFailing: number; fixed: number; waived: number; left: number }>();
  private readonly durations = new Map<string, { days: number; open: boolean }[]>();

  constructor(
    private readonly period: ReadonlySet<number>,
    private readonly atOf: ReadonlyMap<number, number>,
    private readonly last: number,
  ) {}

  private count(key: string) {
    let c = this.counts.get(key);
    if (c === undefined) this.counts.set(key, (c = { newlyFailing: 0, fixed: 0, waived: 0, left: 0 }));
    return c;
  }

  private days(from: number, to: number): number {
    // A failure that began before retention's cut counts from the oldest kept run: a lower bound.
    const start = this.atOf.get(from) ?? Math.min(...this.atOf.values());
    return (this.atOf.get(to)! - start) / DAY_MS;
  }

  private close(key: string, episode: Episode, at: number, how: "fixed" | "waived" | "left"): void {
    this.open.delete(key);
    if (!this.period.has(at)) return;
    this.count(key)[how]++;
    if (how === "fixed") this.record(key, { days: this.days(episode.start, at), open: false });
  }

  private record(key: string, d: { days: number; open: boolean }): void {
    const list = this.durations.get(key) ?? [];
    list.push(d);
    this.durations.set(key, list);
  }

  startDevice(): void {
    this.endDevice();
  }

  /** The device's failures still open at the last run: counted at their age then. */
  endDevice(): void {
    for (const [key, e] of this.open) this.record(key, { days: this.days(e.start, this.last), open: true });
    this.open = new Map();
  }

  /** The device's outcome from run `at`: the keys it fails, and those only a waiver keeps from failing. */
  observe(at: number, failing: ReadonlySet<string>, waived: ReadonlySet<string>): void {
    for (const [key, e] of [...this.open])
      if (!failing.has(key)) this.close(key, e, at, waived.has(key) ? "waived" : "fixed");
    for (const key of failing)
      if (!this.open.has(key)) {
        this.open.set(key, { start: at });
        if (this.period.has(at)) this.count(key).newlyFailing++;
      }
  }

  leave(at: number): void {
    for (const [key, e] of [...this.open]) this.close(key, e, at, "left");
  }

  entries(trend: Map<string, DayShare[]>): AxisEntry[] {
    const keys = new Set([...trend.keys(), ...this.counts.keys(), ...this.durations.keys()]);
    return [...keys]
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
      .map((key) => ({
        key,
        trend: trend.get(key) ?? [],
        ...(this.counts.get(key) ?? { newlyFailing: 0, fixed: 0, waived: 0, left: 0 }),
        timeToFix: timeToFix(this.durations.get(key) ?? []),
      }));
  }
}

/** Median and 90th percentile (nearest rank) over fixed and still-open failures; see `TimeToFix`. */
export function timeToFix(durations: { days: number; open: boolean }[]): TimeToFix {
  // At equal values a fixed failure ranks first: an open one of the same age can only be longer.
  const sorted = [...durations].sort((a, b) => a.days - b.days || Number(a.open) - Number(b.open));
  const firstOpen = sorted.findIndex((d) => d.open);
  const at = (p: number) => {
    if (sorted.length === 0) return { days: null, atLeast: false };
    const i = Math.max(0, Math.ceil(p * sorted.length) - 1);
    return { days: round(sorted[i]!.days), atLeast: firstOpen !== -1 && firstOpen <= i };
  };
  const median = at(0.5);
  const p90 = at(0.9);
  const open = sorted.filter((d) => d.open);
  return {
    fixed: sorted.length - open.length,
    open: open.length,
    medianDays: median.days,
    medianAtLeast: median.atLeast,
    p90Days: p90.days,
    p90AtLeast: p90.atLeast,
    oldestOpenDays: open.length === 0 ? null : round(open[open.length - 1]!.days),
  };
}

const round = (days: number) => Math.round(days * 10) / 10;

function waiversInPeriod(
  runs: RunInfo[],
  sets: ReadonlyMap<string, CheckedPolicySet>,
  spans: FailureSpan[],
  from: string,
  last: RunInfo,
): WaiverInPeriod[] {
  const declared = new Map<
    string,
    { waiver: CheckedPolicySet["waivers"][number]; lastRun: number | null; last: number }
  >();
  for (const r of runs)
    for (const w of sets.get(r.policySetHash)!.waivers) {
      const inForce = Date.parse(r.at) < w.expiresMillis;
      const before = declared.get(w.name);
      declared.set(w.name, { waiver: w, lastRun: inForce ? r.id : (before?.lastRun ?? null), last: r.id });
    }
  const out: WaiverInPeriod[] = [];
  for (const [name, { waiver: w, lastRun, last: lastDeclared }] of declared) {
    const expires = new Date(w.expiresMillis).toISOString();
    if (expires < from) continue;
    const status = expires <= last.at ? "expired" : lastDeclared === last.id ? "open" : "withdrawn";
    const devicesWaived =
      lastRun === null
        ? 0
        : spans.filter(
            (s) => s.fromRun <= lastRun && (s.toRun === null || s.toRun > lastRun) && s.waivers.includes(name),
          ).length;
    out.push({
      name,
      rules: w.rules.map((r) => (r.rule === undefined ? `${r.policy} (every rule)` : `${r.policy}.${r.rule}`)),
      approver: w.approver,
      reason: w.reason,
      expires: expires.slice(0, 10),
      status,
      lastRun,
      devicesWaived,
    });
  }
  return out.sort((a, b) => a.expires.localeCompare(b.expires) || a.name.localeCompare(b.name));
}
