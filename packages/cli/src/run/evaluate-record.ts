import { parseInstant, type FactSchema } from "@tenet/parser";
import {
  factsRead,
  prepare,
  type CompiledPolicySet,
  type DeviceResult,
  type DeviceVerdict,
  type MembershipIndex,
  type TenantSettings,
} from "@tenet/evaluator";
import { captureChange, controlIndex, SpanIndex, type CapturedDevice, type PackedSpans } from "@tenet/history";
import { errorRecord, type SnapshotRecord } from "../input/snapshot-record.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { parseRaw } from "../input/read-snapshots.js";
import { toOutputRecord, type OutputRecord } from "../render/output-record.js";
import { pseudonym, redactResult } from "../render/redact.js";
import { failsGate, type FailOn, type Only } from "./gate.js";

export interface EvaluationSettings {
  /** The evaluation instant as ISO text (it crosses to worker threads, where `parseInstant` reads it back). */
  now: string;
  format: string;
  tenant?: TenantSettings;
  explain: boolean;
  /** `failures` for formats that show only the rules a device did not pass. */
  rules: "all" | "failures";
  redact: boolean;
  /** With `--redact-key`: the key in hex (it crosses to worker threads); personal values become stable pseudonyms. */
  redactKey?: string;
  /** The `--fail-on` gate and the `--only` filter: both decided where a record is evaluated. */
  failOn: FailOn;
  only: Only;
  /** Keep each device's last check-in on its output record (the html report shows it). */
  checkIn?: boolean;
  /**
   * Devices are evaluated to their verdict only (`PreparedEvaluation.verdict`: no default-policy,
   * grace, action or next-state records, no explanations) unless `wantsResult` asks for more:
   * for formats that read no more (`Renderer.reads`), without history.
   */
  verdict?: boolean;
  /** The group-membership file (`--groups`, or a snapshot directory's groups.ndjson): workers load it too. */
  groups?: string;
  /** With `--history`: the store's open spans (`CheckHistory.spans`). */
  history?: PackedSpans;
}

/**
 * The open spans, looked up by id with the last answer remembered: a device's span is read for
 * its previous state, then again when it is captured.
 */
function lastLookedUp(spans: SpanIndex) {
  let lastId: string | undefined;
  let last = -1;
  const find = (id: string): number => {
    if (id !== lastId) {
      lastId = id;
      last = spans.find(id);
    }
    return last;
  };
  return {
    find,
    previous: (id: string) => {
      const at = find(id);
      return at < 0 ? undefined : spans.next(at);
    },
    get: (id: string) => {
      const at = find(id);
      return at < 0 ? undefined : { snapshotHash: spans.snapshotHash(at), outcomeHash: spans.outcomeHash(at) };
    },
  };
}

/** What a record evaluator is given besides the policies, schema and settings. */
export interface RecordEvaluatorOptions {
  memberships?: MembershipIndex;
  /** With `--history`: receives what the store records of each device, and the index of its open span (-1: none). */
  capture?: (device: CapturedDevice, span: number) => void;
  /** With `settings.verdict`: whether a listed device needs its whole result after all (`Renderer.wantsResult`). */
  wantsResult?: (record: OutputRecord<DeviceVerdict>) => boolean;
}

/**
 * Validates and evaluates one input record: the same code runs in-process and on worker
 * threads. With `settings.verdict` the records carry `DeviceVerdict`s, except those
 * `wantsResult` asks whole results for (typed `OutputRecord` for the renderer, which reads accordingly).
 */
export function recordEvaluator(
  compiled: CompiledPolicySet,
  schema: FactSchema,
  settings: EvaluationSettings,
  { memberships, capture, wantsResult }: RecordEvaluatorOptions = {},
): (raw: SnapshotRecord) => OutputRecord {
  const validate = snapshotValidator(schema, factsRead(compiled));
  const now = parseInstant(settings.now).value;
  if (now === undefined)
    throw new Error(
      `internal error: the evaluation instant \`${settings.now}\` did not survive the trip to the evaluator (a bug)`,
    );
  const open = settings.history === undefined ? undefined : lastLookedUp(new SpanIndex(settings.history));
  const shared = {
    now,
    ...(settings.tenant === undefined ? {} : { tenant: settings.tenant }),
    ...(memberships === undefined ? {} : { memberships }),
    ...(open === undefined ? {} : { previous: open.previous }),
  };
  const prepared = prepare(compiled, { ...shared, explain: settings.explain, rules: settings.rules });
  const lean =
    settings.verdict === true && capture === undefined
      ? prepare(compiled, { ...shared, explain: false, rules: "failures" })
      : undefined;
  // No set of the store's snapshot hashes: a changed device's text is sent, and the store skips those it holds.
  const base = open === undefined ? undefined : { spans: open, controls: controlIndex(compiled) };
  const redactKey = settings.redactKey === undefined ? undefined : Buffer.from(settings.redactKey, "hex");
  // Under --redact the store gets no personal values either: the same [redacted] or pseudonyms (see docs/history.md).
  const redactStored = settings.redact
    ? {
        redact: schema.personalPaths,
        ...(redactKey === undefined ? {} : { replace: (value: string) => pseudonym(value, redactKey) }),
      }
    : {};
  return (raw): OutputRecord => {
    // One record's failure is that record's error: the others are still evaluated and written.
    try {
      const record = validate(parseRaw(raw));
      if (record.error !== undefined) return toOutputRecord<DeviceResult>(record, undefined);
      if (lean !== undefined) {
        const verdict = lean.verdict(record.value);
        let out = toOutputRecord(record, verdict) as OutputRecord<DeviceVerdict>;
        const listed = settings.only !== "failing" || failsGate(verdict.state, settings.failOn);
        if (listed && wantsResult?.(out) === true) out = toOutputRecord(record, prepared.evaluate(record.value));
        if (settings.redact && out.result !== undefined)
          out.result = redactResult(out.result, record.value, schema.personalPaths, redactKey);
        // The renderer asked for verdicts (`Renderer.reads`), and whole results where it said so.
        return out as OutputRecord;
      }
      const result = prepared.evaluate(record.value);
      if (capture !== undefined && base !== undefined) {
        // The line's bytes say what the snapshot is, unless validation changed it (see captureChange).
        const bytes = record.cleared === true ? undefined : raw.raw;
        const device = captureChange(record.value, result, base, redactStored, bytes);
        if (device !== undefined) capture(device, open!.find(device.id));
      }
      const out = toOutputRecord(
        record,
        settings.redact ? redactResult(result, record.value, schema.personalPaths, redactKey) : result,
      );
      const checkIn =
        settings.checkIn === true ? (record.value as Record<string, unknown>)["lastSyncDateTime"] : undefined;
      if (typeof checkIn === "string") out.lastCheckIn = checkIn;
      return out;
    } catch (error) {
      return toOutputRecord<DeviceResult>(
        errorRecord(raw.source, raw.index, raw.line, "CP5060", {
          reason: error instanceof Error ? error.message : String(error),
        }),
        undefined,
      );
    }
  };
}
