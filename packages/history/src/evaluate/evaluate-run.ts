import {
  ENGINE_VERSION,
  prepare,
  type CompiledPolicySet,
  type DeviceResult,
  type MembershipIndex,
  type PreviousState,
  type TenantSettings,
} from "@tenet/evaluator";
import { parseInstant } from "@tenet/parser";
import { captureDevice } from "../record/capture-device.js";
import type { PreviousRun } from "../record/previous-run.js";
import type { PolicyBundle, RecordedDevice, RecordedRun } from "../record/record-run.js";
import { controlIndex } from "../record/run-tallies.js";
import { keepStoredKeys } from "../record/stored-keys.js";
import type { HistoryStore } from "../store/history-store.js";

/**
 * Evaluates snapshots in-process as `check` does, each device starting from `previous`, and
 * returns what the store records of each (snapshots without an `id` are left out) plus the
 * state counts. The CLI does the same across worker threads; replay and tests use this.
 */
export function evaluateDevices(
  compiled: CompiledPolicySet,
  snapshots: unknown[],
  options: {
    now: string;
    tenant?: TenantSettings;
    memberships?: MembershipIndex;
    previous: (id: string) => PreviousState | undefined;
    known?: ReadonlySet<string>;
    /** Sees every result as it is made (replay's report uses it). */
    onResult?: (result: DeviceResult) => void;
    /** Personal paths to keep out of what is recorded (`--redact`). */
    redact?: readonly string[];
  },
): { devices: RecordedDevice[]; counts: Record<string, number> } {
  const now = parseInstant(options.now).value;
  if (now === undefined) throw new Error(`invalid instant \`${options.now}\``);
  const prepared = prepare(compiled, {
    now,
    explain: true,
    // A report needs every rule's status; what is recorded (failing rules only) is the same either way.
    rules: options.onResult === undefined ? "failures" : "all",
    previous: options.previous,
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    ...(options.memberships === undefined ? {} : { memberships: options.memberships }),
  });
  const known = options.known ?? new Set<string>();
  const capture = options.redact === undefined ? {} : { redact: options.redact };
  const devices: RecordedDevice[] = [];
  const counts: Record<string, number> = {};
  for (const facts of snapshots) {
    const result = prepared.evaluate(facts);
    counts[result.state] = (counts[result.state] ?? 0) + 1;
    options.onResult?.(result);
    const device = captureDevice(facts, result, known, capture);
    if (device !== undefined) devices.push(device);
  }
  return { devices, counts };
}

/** One `check --history` run in-process: previous states from the store, then the run recorded. */
export async function checkAndRecord(
  store: HistoryStore,
  run: {
    compiled: CompiledPolicySet;
    bundle: PolicyBundle;
    now: string;
    tenant?: string;
    tenantSettings?: TenantSettings;
    snapshots: unknown[];
    /** Personal paths stored as `[redacted]` (as `check --redact --history` does). */
    redact?: readonly string[];
  },
): Promise<RecordedRun & { base: PreviousRun }> {
  const base = await store.previousRun();
  const known = new Set([...base.spans.values()].map((s) => s.snapshotHash));
  const evaluated = evaluateDevices(run.compiled, run.snapshots, {
    now: run.now,
    previous: (id) => base.spans.get(id)?.next,
    known,
    ...(run.tenantSettings === undefined ? {} : { tenant: run.tenantSettings }),
    ...(run.redact === undefined ? {} : { redact: run.redact }),
  });
  const devices = await keepStoredKeys(store.driver, base, evaluated.devices);
  const recorded = await store.record(base, {
    now: run.now,
    ...(run.tenant === undefined ? {} : { tenant: run.tenant }),
    policySetHash: run.compiled.hash,
    bundle: run.bundle,
    ...(run.tenantSettings === undefined ? {} : { tenantSettings: run.tenantSettings }),
    engineVersion: ENGINE_VERSION,
    counts: evaluated.counts,
    devices,
    controls: controlIndex(run.compiled),
    redacted: run.redact !== undefined,
  });
  return { ...recorded, base };
}
