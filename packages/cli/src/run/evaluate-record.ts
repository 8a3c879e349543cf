import { parseInstant, type FactSchema } from "@tenet/parser";
import {
  prepare,
  type CompiledPolicySet,
  type MembershipIndex,
  type PreviousState,
  type TenantSettings,
} from "@tenet/evaluator";
import { captureDevice, type RecordedDevice } from "@tenet/history";
import { errorRecord, type SnapshotRecord } from "../input/snapshot-record.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { parseRaw } from "../input/read-snapshots.js";
import { toOutputRecord, type OutputRecord } from "../render/output-record.js";
import { pseudonym, redactResult } from "../render/redact.js";
import type { FailOn, Only } from "./gate.js";

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
  /** The group-membership file (`--groups`, or a snapshot directory's groups.ndjson): workers load it too. */
  groups?: string;
  /** With `--history`: each device's previous state from the store, and the snapshot hashes it already holds. */
  history?: { previous: [string, PreviousState][]; known: string[] };
}

/** Validates and evaluates one input record: the same code runs in-process and on worker threads. */
export function recordEvaluator(
  compiled: CompiledPolicySet,
  schema: FactSchema,
  settings: EvaluationSettings,
  memberships?: MembershipIndex,
  capture?: (device: RecordedDevice) => void,
): (raw: SnapshotRecord) => OutputRecord {
  const validate = snapshotValidator(schema);
  const now = parseInstant(settings.now).value;
  if (now === undefined)
    throw new Error(
      `internal error: the evaluation instant \`${settings.now}\` did not survive the trip to the evaluator (a bug)`,
    );
  const prepared = prepare(compiled, {
    now,
    explain: settings.explain,
    rules: settings.rules,
    ...(settings.tenant === undefined ? {} : { tenant: settings.tenant }),
    ...(memberships === undefined ? {} : { memberships }),
    ...(settings.history === undefined ? {} : { previous: new Map(settings.history.previous) }),
  });
  const known = new Set(settings.history?.known);
  const redactKey = settings.redactKey === undefined ? undefined : Buffer.from(settings.redactKey, "hex");
  // Under --redact the store gets no personal values either: the same [redacted] or pseudonyms (see docs/history.md).
  const redactStored = settings.redact
    ? {
        redact: schema.personalPaths,
        ...(redactKey === undefined ? {} : { replace: (value: string) => pseudonym(value, redactKey) }),
      }
    : {};
  return (raw) => {
    // One record's failure is that record's error: the others are still evaluated and written.
    try {
      const record = validate(parseRaw(raw));
      if (record.error !== undefined) return toOutputRecord(record, undefined);
      const result = prepared.evaluate(record.value);
      if (capture !== undefined) {
        const device = captureDevice(record.value, result, known, redactStored);
        if (device !== undefined) capture(device);
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
      return toOutputRecord(
        errorRecord(raw.source, raw.index, raw.line, "CP5060", {
          reason: error instanceof Error ? error.message : String(error),
        }),
        undefined,
      );
    }
  };
}
