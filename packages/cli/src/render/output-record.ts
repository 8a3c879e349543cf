import type { Diagnostic } from "@tenet/parser";
import type { DeviceResult, RuleStatus } from "@tenet/evaluator";
import type { SnapshotRecord } from "../input/snapshot-record.js";

/** What every output format receives per input record: exactly one per record read. */
export interface OutputRecord {
  input: { source: string; line?: number; index: number };
  result?: DeviceResult;
  error?: { code: string; message: string; source: string; line?: number };
}

export function toOutputRecord(record: SnapshotRecord, result: DeviceResult | undefined): OutputRecord {
  const input = { source: record.source, ...(record.line === undefined ? {} : { line: record.line }), index: record.index };
  if (record.error !== undefined) return { input, error: errorOf(record.error, record) };
  return { input, ...(result === undefined ? {} : { result }) };
}

function errorOf(d: Diagnostic, record: SnapshotRecord): NonNullable<OutputRecord["error"]> {
  return { code: d.code, message: d.message, source: record.source, ...(record.line === undefined ? {} : { line: record.line }) };
}

/** Running totals for summaries and the exit code. */
export class Summary {
  devices = 0;
  errors = 0;
  readonly states = new Map<string, number>();
  readonly platforms = new Map<string, Map<string, number>>();
  readonly failingRules = new Map<string, number>();

  add(brief: Brief): void {
    if (brief.error || brief.state === undefined) {
      this.errors++;
      return;
    }
    this.devices++;
    bump(this.states, brief.state);
    const platform = brief.platform ?? "unknown";
    if (!this.platforms.has(platform)) this.platforms.set(platform, new Map());
    bump(this.platforms.get(platform)!, brief.state);
    for (const id of brief.failing) bump(this.failingRules, id);
  }

  get failed(): boolean {
    return (this.states.get("noncompliant") ?? 0) + (this.states.get("error") ?? 0) > 0;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** A streaming renderer: text for the start, each record, and the end (with the summary). */
export interface Renderer {
  begin(): string;
  record(record: OutputRecord): string;
  end(summary: Summary): string;
  /**
   * For per-record formats: the text of one record, the same wherever it is computed, so a
   * worker thread can render it and the main thread only writes bytes. Formats with one
   * (ndjson, json, csv, intune) are rendered on the workers.
   */
  body?(record: OutputRecord): string;
  /**
   * For aggregate formats, `record` split in two so the heavy half runs on a worker thread:
   * `digest` turns one record into the little the format keeps of it, `take` gathers digests
   * in input order on the main thread. `record(r)` must equal `take(digest(r))`.
   */
  digest?(record: OutputRecord): unknown;
  take?(digest: unknown): void;
  /** Used instead of `end` when present: writes an end too big for one string (junit's spooled cases). */
  finish?(summary: Summary, write: (chunk: string | Uint8Array) => Promise<void>): Promise<void>;
}

/** The little the summary needs from a record, so workers need not send whole results back. */
export interface Brief {
  error: boolean;
  state?: string;
  platform?: string;
  failing: string[];
}

export function briefOf(r: OutputRecord): Brief {
  if (r.error !== undefined || r.result === undefined) return { error: true, failing: [] };
  const failing = ruleIds(r.result, "fail", "error");
  return { error: false, state: r.result.state, platform: r.result.platform ?? "unknown", failing };
}

/** Ids (`policy.rule`) of the rules whose status is `a` or `b`, in policy order: one pass, run per record. */
export function ruleIds(result: DeviceResult | undefined, a: RuleStatus, b: RuleStatus = a): string[] {
  const ids: string[] = [];
  if (result === undefined) return ids;
  for (const policy of result.policies) for (const rule of policy.rules) if (rule.status === a || rule.status === b) ids.push(rule.id);
  return ids;
}
