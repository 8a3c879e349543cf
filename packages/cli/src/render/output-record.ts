import type { Diagnostic } from "@tenet/parser";
import type { DeviceResult, DeviceVerdict, RuleStatus } from "@tenet/evaluator";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import { failsGate, type FailOn } from "../run/gate.js";

/**
 * What every output format receives per input record: exactly one per record read. A format
 * that `reads` only the verdict gets `OutputRecord<DeviceVerdict>` (see `Renderer.reads`).
 */
export interface OutputRecord<R extends DeviceVerdict = DeviceResult> {
  input: { source: string; line?: number; index: number };
  result?: R;
  error?: OutputError;
  /** The device's last check-in (`lastSyncDateTime`), kept only for the html format so other formats stay as they are. */
  lastCheckIn?: string;
}

/** An unreadable record's diagnostic as the output carries it. */
export interface OutputError {
  code: string;
  message: string;
  source: string;
  line?: number;
}

export function toOutputRecord<R extends DeviceVerdict = DeviceResult>(
  record: SnapshotRecord,
  result: R | undefined,
): OutputRecord<R> {
  // Literals rather than spreads, which copied objects per record; the key order is the output's.
  const input =
    record.line === undefined
      ? { source: record.source, index: record.index }
      : { source: record.source, line: record.line, index: record.index };
  if (record.error !== undefined) return { input, error: errorOf(record.error, record) };
  return result === undefined ? { input } : { input, result };
}

function errorOf(d: Diagnostic, record: SnapshotRecord): OutputError {
  return {
    code: d.code,
    message: d.message,
    source: record.source,
    ...(record.line === undefined ? {} : { line: record.line }),
  };
}

/** Running totals for summaries and the exit code. */
export class Summary {
  devices = 0;
  errors = 0;
  /** Devices that fail the `--fail-on` gate: the exit code and every format's failure count come from it. */
  failing = 0;
  /** Records the output lists (all of them, or with `--only failing` those failing the gate and input errors). */
  listed = 0;

  /**
   * `tallies` false: `platforms` and `failingRules` stay empty (the format's `finish` does
   * not read them, see `Renderer.tallies`), which spares two map updates and more per record.
   */
  constructor(
    readonly failOn: FailOn = "inGracePeriod",
    readonly tallies = true,
  ) {}

  readonly states = new Map<string, number>();
  readonly platforms = new Map<string, Map<string, number>>();
  readonly failingRules = new Map<string, number>();

  add(brief: Brief): void {
    if (brief.listed) this.listed++;
    if (brief.error || brief.state === undefined) {
      this.errors++;
      return;
    }
    this.devices++;
    if (brief.gated) this.failing++;
    bump(this.states, brief.state);
    if (!this.tallies) return;
    const platform = brief.platform ?? "unknown";
    if (!this.platforms.has(platform)) this.platforms.set(platform, new Map());
    bump(this.platforms.get(platform)!, brief.state);
    for (const id of brief.failing) bump(this.failingRules, id);
  }

  /**
   * Adds the totals of records tallied elsewhere (a worker's batch) as if they had been added
   * here one by one after the records already added: maps keep first-seen order.
   */
  merge(part: SummaryPart): void {
    this.devices += part.devices;
    this.errors += part.errors;
    this.failing += part.failing;
    this.listed += part.listed;
    for (const [state, n] of part.states) bump(this.states, state, n);
    if (!this.tallies) return;
    for (const [platform, states] of part.platforms) {
      if (!this.platforms.has(platform)) this.platforms.set(platform, new Map());
      const into = this.platforms.get(platform)!;
      for (const [state, n] of states) bump(into, state, n);
    }
    for (const [id, n] of part.failingRules) bump(this.failingRules, id, n);
  }
}

/** A summary's totals as they cross from a worker thread (Maps survive `postMessage`, classes do not). */
export type SummaryPart = Pick<
  Summary,
  "devices" | "errors" | "failing" | "listed" | "states" | "platforms" | "failingRules"
>;

function bump(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Writes one chunk of output, resolving when the sink can take more. */
export type Write = (chunk: string | Uint8Array) => Promise<void>;

/**
 * One interface for every `check` format. Each record is rendered in two halves so the heavy
 * one can run on a worker thread: `digest` (wherever the record was evaluated) keeps what the
 * format needs of it, `take` (on the main thread, in input order) folds it in and returns the
 * text to write at once. Streamed formats (`streams`) have the record's text as digest and
 * write it as it comes; aggregate formats (table, junit, html) write everything in `finish`.
 */
export interface Renderer {
  /** True when `digest` is the record's final text and `take` returns it unchanged. */
  readonly streams: boolean;
  /**
   * What `digest` reads of a device. `verdict`: the state, identity and listed rules without
   * explanations (`OutputRecord<DeviceVerdict>`), so the run can skip building whole results;
   * `result`: the whole `DeviceResult`.
   */
  readonly reads: "verdict" | "result";
  /**
   * With `reads: "verdict"`: whether this listed record needs its whole result after all (the
   * table explains its first devices). Asked once per listed record, in input order on each thread.
   */
  wantsResult?(record: OutputRecord<DeviceVerdict>): boolean;
  /** What each streamed record's text starts with to separate it from the one before (json's `,`): dropped from the first one written. */
  readonly separator: string;
  /** True when `finish` reads the summary's per-platform and failing-rule tallies (`Summary.tallies`). */
  readonly tallies?: boolean;
  begin(): string;
  digest(record: OutputRecord): unknown;
  take(digest: unknown): string;
  /** Writes the end of the output (for aggregates, all of it), with the run's summary. */
  finish(summary: Summary, write: Write): Promise<void>;
}

/** A streamed format from the text of one record, with fixed text before and after. */
export function streamRenderer(
  body: (record: OutputRecord) => string,
  begin = "",
  end: (summary: Summary) => string = () => "",
  separator = "",
  reads: Renderer["reads"] = "result",
): Renderer {
  return {
    streams: true,
    reads,
    separator,
    begin: () => begin,
    digest: body,
    take: (text) => text as string,
    finish: (summary, write) => write(end(summary)),
  };
}

/** The little the summary needs from a record, so workers need not send whole results back. */
export interface Brief {
  error: boolean;
  /** The input error, to report it on standard error whatever the output format or file. */
  diagnostic?: Diagnostic;
  state?: string;
  platform?: string;
  failing: string[];
  /** The device fails the `--fail-on` gate. */
  gated: boolean;
  /** The output lists the record (see `--only`). */
  listed: boolean;
}

/**
 * A record's brief under a gate; `onlyFailing` lists only input errors and devices that fail
 * it. Without `tallies` (see `Summary.tallies`) its `failing` list is left empty.
 */
export function briefOf(
  r: OutputRecord<DeviceVerdict>,
  failOn: FailOn = "inGracePeriod",
  onlyFailing = false,
  tallies = true,
): Brief {
  if (r.error !== undefined || r.result === undefined) {
    const diagnostic = r.error === undefined ? undefined : inputDiagnostic(r.error);
    return {
      error: true,
      ...(diagnostic === undefined ? {} : { diagnostic }),
      failing: [],
      gated: false,
      listed: true,
    };
  }
  const failing = tallies ? ruleIds(r.result, "fail", "error") : NO_IDS;
  const gated = failsGate(r.result.state, failOn);
  return {
    error: false,
    state: r.result.state,
    platform: r.result.platform ?? "unknown",
    failing,
    gated,
    listed: !onlyFailing || gated,
  };
}

/** The failing list of a brief that does not tally rules (never added to). */
const NO_IDS: string[] = Object.freeze([]) as unknown as string[];

/** An output record's input error as the diagnostic it came from (file and line kept). */
function inputDiagnostic(e: OutputError): Diagnostic {
  const at = { line: e.line ?? 1, column: 1, offset: 0 };
  return {
    code: e.code as Diagnostic["code"],
    severity: "error",
    message: e.message,
    span: { file: e.source, start: at, end: at },
  };
}

/** Ids (`policy.rule`) of the rules whose status is `a` or `b`, in policy order: one pass, run per record. */
export function ruleIds(result: DeviceVerdict | undefined, a: RuleStatus, b: RuleStatus = a): string[] {
  const ids: string[] = [];
  if (result === undefined) return ids;
  // Indexed loops, as in csvRow: a verdict's empty rule lists are one frozen array.
  for (let p = 0; p < result.policies.length; p++) {
    const rules = result.policies[p]!.rules;
    for (let i = 0; i < rules.length; i++) if (rules[i]!.status === a || rules[i]!.status === b) ids.push(rules[i]!.id);
  }
  return ids;
}
