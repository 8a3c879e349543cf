import { redactPersonal, REDACTED, type DeviceResult } from "@tenet/evaluator";
import { canonicalJson, sha256 } from "./canonical-json.js";
import { outcomeOf, type DeviceOutcome } from "./device-outcome.js";
import type { OpenSpan } from "./previous-run.js";
import { outcomeHash, type RecordedDevice } from "./record-run.js";
import { tallyShare, type ControlIndex } from "./run-tallies.js";
import { outcomeText } from "./outcome-text.js";
import { stableBytes } from "./raw-snapshot.js";
import { splitVolatile, volatileText } from "./volatile-fields.js";

export interface CaptureOptions {
  /** With `--redact`: the schema's personal paths. Their values are stored as `[redacted]`, in the snapshot and the outcome. */
  redact?: readonly string[];
  /** With `--redact-key`: what a personal value is stored as instead (its keyed pseudonym). */
  replace?: (personal: string) => string;
}

/**
 * Turns one evaluated snapshot into what the store records, or `undefined` for a snapshot
 * without an `id` (the store keys devices by it). The snapshot is split into its stable part
 * (content-addressed; its text is left out when the store already holds it, `known`) and its
 * volatile fields (kept per run), so a check-in that only moves `lastSyncDateTime` adds no
 * snapshot.
 */
export function captureDevice(
  facts: unknown,
  result: DeviceResult,
  known: ReadonlySet<string>,
  options: CaptureOptions = {},
): RecordedDevice | undefined {
  const parts = captureParts(facts, result, options);
  return parts === undefined ? undefined : recorded(parts, known);
}

/** A device whose snapshot and outcome are those of its open span in the run's base: only its volatile fields are new. */
export interface UnchangedDevice {
  id: string;
  unchanged: true;
  /** Its volatile fields' canonical JSON (`volatileText`). */
  volatile?: string;
  /** What it adds to the run's tallies (`tallyShare`). */
  tally: string;
}

/** What `check --history` keeps of a device: all of it when it changed, little more than its id when not. */
export type CapturedDevice = (RecordedDevice & { tally: string }) | UnchangedDevice;

/** The base a daily run's devices are compared with where they are evaluated. */
export interface CaptureBase {
  /** Each device's open span (its snapshot and outcome hashes) in the store: a Map, or anything that looks one up by id. */
  spans: { get(id: string): Pick<OpenSpan, "snapshotHash" | "outcomeHash"> | undefined };
  /**
   * Snapshot hashes the store holds: a changed device whose snapshot is one of them is sent
   * without its text. Optional: without it every changed device's text is sent, and the store
   * skips those it holds.
   */
  known?: ReadonlySet<string>;
  controls: ControlIndex;
}

/**
 * `captureDevice` for a daily run: a device whose snapshot and outcome hash as its open span's
 * comes back as an `UnchangedDevice` (its outcome is reduced to its tally share at once), so
 * what a run keeps and passes between threads grows with what changed, not with the fleet.
 * `raw`, the snapshot's bytes as read when `facts` is exactly what they parse to, lets its
 * stable part be hashed from them (`stableBytes`) instead of written as canonical JSON.
 * This runs for every device of the fleet: an unchanged device costs two hashes and its
 * volatile text, and its outcome is hashed from its canonical text written straight from the
 * result (`outcomeText`); the outcome object and the snapshot's text are made only for devices
 * that changed.
 */
export function captureChange(
  facts: unknown,
  result: DeviceResult,
  base: CaptureBase,
  options: CaptureOptions = {},
  raw?: Uint8Array,
): CapturedDevice | undefined {
  if (isRedacting(options)) return captureRedacted(facts, result, base, options);
  const id = idOf(facts);
  if (id === undefined) return undefined;
  const kept = facts as Record<string, unknown>;
  const open = base.spans.get(id);
  const bytes = raw === undefined ? undefined : stableBytes(raw, kept);
  let snapshotHash: string;
  // The stable text when it was written here; for bytes it is decoded only if the device changed.
  let text: string | undefined;
  if (bytes === undefined) {
    text = canonicalJson(splitVolatile(kept).stable);
    snapshotHash = sha256(text);
  } else {
    snapshotHash = sha256(bytes);
    const was = open?.snapshotHash;
    if (was !== undefined && was !== snapshotHash) {
      // A device recorded before snapshots were hashed from their bytes keeps its canonical key while it is unchanged.
      const canonical = canonicalJson(splitVolatile(kept).stable);
      const canonicalHash = sha256(canonical);
      if (canonicalHash === was) [text, snapshotHash] = [canonical, canonicalHash];
    }
  }
  const hash = sha256(outcomeText(result));
  const volatile = volatileText(kept);
  const tally = tallyShare(result, base.controls);
  if (open !== undefined && open.snapshotHash === snapshotHash && open.outcomeHash === hash)
    return unchanged(id, volatile, tally);
  // `bytes` is still this device's: nothing has written the scratch buffer since.
  text ??= bytes!.toString("utf8");
  return {
    id,
    snapshotHash,
    snapshot: base.known?.has(snapshotHash) === true ? undefined : text,
    ...(volatile === undefined ? {} : { volatile }),
    outcome: outcomeOf(result),
    outcomeHash: hash,
    tally,
  };
}

/** `captureChange` under `--redact`: the personal values are replaced before anything is hashed. */
function captureRedacted(
  facts: unknown,
  result: DeviceResult,
  base: CaptureBase,
  options: CaptureOptions,
): CapturedDevice | undefined {
  const parts = captureParts(facts, result, options);
  if (parts === undefined) return undefined;
  const tally = tallyShare(parts.outcome, base.controls);
  const open = base.spans.get(parts.id);
  if (open !== undefined && open.snapshotHash === parts.snapshot.hash && open.outcomeHash === parts.outcomeHash)
    return unchanged(parts.id, parts.volatile, tally);
  return { ...recorded(parts, base.known), tally };
}

function unchanged(id: string, volatile: string | undefined, tally: string): UnchangedDevice {
  return volatile === undefined ? { id, unchanged: true, tally } : { id, unchanged: true, volatile, tally };
}

function idOf(facts: unknown): string | undefined {
  if (facts === null || typeof facts !== "object" || Array.isArray(facts)) return undefined;
  const id = (facts as Record<string, unknown>)["id"];
  return typeof id !== "string" || id === "" ? undefined : id;
}

/** A snapshot's stable part as stored: its hash, and its text (made only when the store needs it). */
interface StableSnapshot {
  hash: string;
  text(): string;
}

function canonical(stable: Record<string, unknown>): StableSnapshot {
  const text = canonicalJson(stable);
  return { hash: sha256(text), text: () => text };
}

interface Parts {
  id: string;
  snapshot: StableSnapshot;
  volatile: string | undefined;
  outcome: DeviceOutcome;
  outcomeHash: string;
}

function recorded(parts: Parts, known: ReadonlySet<string> | undefined): RecordedDevice {
  const hash = parts.snapshot.hash;
  return {
    id: parts.id,
    snapshotHash: hash,
    snapshot: known?.has(hash) === true ? undefined : parts.snapshot.text(),
    ...(parts.volatile === undefined ? {} : { volatile: parts.volatile }),
    outcome: parts.outcome,
    outcomeHash: parts.outcomeHash,
  };
}

const isRedacting = (options: CaptureOptions) => options.redact !== undefined && options.redact.length > 0;

function captureParts(facts: unknown, result: DeviceResult, options: CaptureOptions): Parts | undefined {
  const id = idOf(facts);
  if (id === undefined) return undefined;
  let kept = facts as Record<string, unknown>;
  let outcome = outcomeOf(result);
  if (options.redact !== undefined && isRedacting(options)) {
    const replace = options.replace ?? (() => REDACTED);
    outcome = redactPersonal(outcome, facts, options.redact, replace);
    // The device name is replaced whole, however short (the text replacement leaves short values alone).
    if (outcome.name !== undefined && options.redact.includes("deviceName"))
      outcome = { ...outcome, name: replace(String(kept["deviceName"] ?? outcome.name)) };
    const redacted = redactPersonal(kept, facts, options.redact, replace);
    kept = redactFields(redacted === kept ? structuredClone(kept) : redacted, options.redact, replace);
  }
  return {
    id,
    snapshot: canonical(splitVolatile(kept).stable),
    volatile: volatileText(kept),
    outcome,
    outcomeHash: outcomeHash(outcome),
  };
}

const isReplaced = (v: string) => v === REDACTED || /^\[redacted:[0-9a-f]+\]$/.test(v);

/** Every personal field present, whatever its value (short strings and numbers too), is replaced. */
function redactFields(
  snapshot: Record<string, unknown>,
  paths: readonly string[],
  replace: (personal: string) => string,
): Record<string, unknown> {
  for (const path of paths) {
    const segments = path.split(".");
    let parent: unknown = snapshot;
    for (const s of segments.slice(0, -1))
      parent =
        parent !== null && typeof parent === "object" && Object.prototype.hasOwnProperty.call(parent, s)
          ? (parent as Record<string, unknown>)[s]
          : undefined;
    const last = segments[segments.length - 1]!;
    if (parent === null || typeof parent !== "object" || Array.isArray(parent)) continue;
    const o = parent as Record<string, unknown>;
    const v = o[last];
    // Already replaced inside the strings (values of three characters or more); the rest here.
    if (Object.prototype.hasOwnProperty.call(o, last) && v !== null && (typeof v !== "string" || !isReplaced(v)))
      o[last] = replace(typeof v === "string" ? v : JSON.stringify(v));
  }
  return snapshot;
}
