import type { Queryable } from "../driver/driver.js";
import type { DeviceOutcome } from "../record/device-outcome.js";
import { joinOutcome, type OutcomeBody } from "../record/outcome-bodies.js";
import { listRuns, type RunInfo } from "./runs.js";
import { VALID_AT } from "./fleet-at.js";
import { readRunVolatile, volatileByDevice } from "./run-volatile.js";
import { DEFAULT_VOLATILE_FIELDS } from "../record/volatile-fields.js";

export type ChangeCause =
  | "first seen"
  | "device changed"
  | "policy changed"
  | "waiver started"
  | "waiver expired"
  | "time passed"
  | "device absent"
  | "device returned";

/** One change of a device's outcome, attributed to what caused it. */
export interface TimelineEntry {
  run: number;
  at: string;
  state: string;
  causes: ChangeCause[];
  /** What changed, in words: top-level snapshot fields, policy states, waivers, actions. */
  details: string[];
  outcome?: DeviceOutcome;
}

interface SpanRow {
  from_run: number;
  to_run: number | null;
  snapshot_hash: string;
  outcome_hash: string;
  outcome: DeviceOutcome;
  body: string;
}

/**
 * A device's history, change by change. Each change is attributed by comparing it with the
 * row before: another snapshot is "device changed"; another policy set between the two runs
 * is "policy changed"; a waiver applied or no longer applied is "waiver started/expired";
 * a change with the same snapshot and policies is "time passed" (a grace period ran out, an
 * action fell due, an error turned seven days old). Several causes can apply at once.
 */
export async function deviceTimeline(
  db: Queryable,
  deviceId: string,
  volatileFields: readonly string[] = DEFAULT_VOLATILE_FIELDS,
): Promise<TimelineEntry[]> {
  const volatile = new Set(volatileFields);
  const runs = await listRuns(db);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rows = (
    await db.query<Omit<SpanRow, "outcome"> & { outcome: OutcomeBody; platform: string | null; name: string | null }>(
      "SELECT d.from_run, d.to_run, d.snapshot_hash, d.outcome_hash, d.platform, d.name, o.body AS outcome, s.body FROM device_spans d " +
        "JOIN snapshots s ON s.hash = d.snapshot_hash JOIN outcomes o ON o.hash = d.outcome_ref WHERE d.device_id = $1 " +
        "ORDER BY d.from_run",
      [deviceId],
    )
  ).map(({ platform, name, ...r }): SpanRow => ({ ...r, outcome: joinOutcome(r.outcome, platform, name) }));
  const entries: TimelineEntry[] = [];
  let previous: SpanRow | undefined;
  for (const row of rows) {
    const run = byId.get(row.from_run)!;
    if (previous === undefined) {
      entries.push({
        run: run.id,
        at: run.at,
        state: row.outcome.state,
        causes: ["first seen"],
        details: describe(row.outcome),
        outcome: row.outcome,
      });
    } else if (previous.to_run !== row.from_run) {
      entries.push({
        run: run.id,
        at: run.at,
        state: row.outcome.state,
        causes: ["device returned"],
        details: describe(row.outcome),
        outcome: row.outcome,
      });
    } else {
      const lastRun = lastRunBefore(runs, row.from_run);
      // Same stable snapshot: did a volatile field (a check-in time) move? That is the device changing too.
      const moved =
        previous.snapshot_hash === row.snapshot_hash && lastRun !== undefined
          ? changedFields(
              JSON.stringify((await volatileAt(db, lastRun.id, deviceId)) ?? {}),
              JSON.stringify((await volatileAt(db, run.id, deviceId)) ?? {}),
            )
          : [];
      const { causes, details } = attribute(previous, row, lastRun, run, moved, volatile);
      entries.push({ run: run.id, at: run.at, state: row.outcome.state, causes, details, outcome: row.outcome });
    }
    if (row.to_run !== null && !rows.some((r) => r.from_run === row.to_run)) {
      const gone = byId.get(row.to_run)!;
      entries.push({
        run: gone.id,
        at: gone.at,
        state: "absent",
        causes: ["device absent"],
        details: ["not in this run's snapshots"],
      });
    }
    previous = row;
  }
  return entries;
}

function lastRunBefore(runs: RunInfo[], id: number): RunInfo | undefined {
  let found: RunInfo | undefined;
  for (const r of runs) if (r.id < id) found = r;
  return found;
}

/** One device's volatile fields at a run (they are stored per run, apart from its snapshot). */
async function volatileAt(db: Queryable, run: number, deviceId: string): Promise<Record<string, unknown> | undefined> {
  const packed = await readRunVolatile(db, run);
  if (packed === undefined) return undefined;
  const ids = await db.query<{ device_id: string }>(`SELECT device_id FROM device_spans WHERE ${VALID_AT}`, [run]);
  return volatileByDevice(
    packed,
    ids.map((r) => r.device_id),
  ).get(deviceId);
}

function attribute(
  before: SpanRow,
  after: SpanRow,
  lastRun: RunInfo | undefined,
  run: RunInfo,
  volatileMoved: FieldChange[],
  volatile: ReadonlySet<string>,
): { causes: ChangeCause[]; details: string[] } {
  const causes: ChangeCause[] = [];
  const details: string[] = [];
  const moved = [
    ...(before.snapshot_hash === after.snapshot_hash ? [] : changedFields(before.body, after.body)),
    ...volatileMoved,
  ];
  // A volatile field (a check-in time) moving is the device changing only when the outcome names it;
  // a row whose outcome did not change at all is there because the device's record changed.
  const counted = moved.filter(
    (c) => !volatile.has(c.field) || names(before.outcome, c.field) || names(after.outcome, c.field),
  );
  if (counted.length > 0 || (moved.length > 0 && before.outcome_hash === after.outcome_hash)) {
    causes.push("device changed");
    details.push(...moved.map((c) => `device: ${c.text}`));
  } else details.push(...moved.map((c) => `volatile: ${c.text}`));
  if (lastRun !== undefined && lastRun.policySetHash !== run.policySetHash) causes.push("policy changed");
  const wasWaived = new Set(before.outcome.waivers);
  const isWaived = new Set(after.outcome.waivers);
  for (const w of isWaived)
    if (!wasWaived.has(w)) {
      if (!causes.includes("waiver started")) causes.push("waiver started");
      details.push(`waiver ${w} applies`);
    }
  for (const w of wasWaived)
    if (!isWaived.has(w)) {
      if (!causes.includes("waiver expired")) causes.push("waiver expired");
      details.push(`waiver ${w} no longer applies`);
    }
  if (causes.length === 0) causes.push("time passed");
  details.push(...policyChanges(before.outcome, after.outcome));
  return { causes, details };
}

/** Whether an outcome's failures read a field: a failing rule's reason names its path, or Intune's check-in check failed. */
function names(outcome: DeviceOutcome, field: string): boolean {
  if (field === "lastSyncDateTime" && outcome.defaultFailed.includes("isActive")) return true;
  return outcome.policies.some((p) =>
    p.failing.some((r) =>
      r.reasons.some((reason) =>
        reason
          .split(": ")[0]!
          .split(/[.[\]]/)
          .includes(field),
      ),
    ),
  );
}

interface FieldChange {
  field: string;
  text: string;
}

function changedFields(a: string, b: string): FieldChange[] {
  const x = JSON.parse(a) as Record<string, unknown>;
  const y = JSON.parse(b) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  return keys
    .filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]))
    .map((k) => ({ field: k, text: `${k} ${JSON.stringify(x[k] ?? null)} -> ${JSON.stringify(y[k] ?? null)}` }));
}

function policyChanges(a: DeviceOutcome, b: DeviceOutcome): string[] {
  const out: string[] = [];
  const before = new Map(a.policies.map((p) => [p.policy, p.state]));
  for (const p of b.policies)
    if (before.get(p.policy) !== p.state)
      out.push(`policy ${p.policy}: ${before.get(p.policy) ?? "absent"} -> ${p.state}`);
  const due = new Set(a.actions.due.map((d) => `${d.policy}:${d.action}:${d.dueAt}`));
  for (const d of b.actions.due)
    if (!due.has(`${d.policy}:${d.action}:${d.dueAt}`))
      out.push(`action ${d.action} of ${d.policy} fell due at ${d.dueAt}`);
  return out;
}

function describe(o: DeviceOutcome): string[] {
  return o.policies
    .filter((p) => p.state !== "compliant" && p.state !== "notApplicable")
    .map(
      (p) =>
        `policy ${p.policy}: ${p.state}${p.failing.length > 0 ? ` (${p.failing.map((r) => `${r.rule} ${r.status}`).join(", ")})` : ""}`,
    );
}
