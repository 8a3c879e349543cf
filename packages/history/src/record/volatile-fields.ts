import { gunzipSync, gzipSync } from "node:zlib";
import { canonicalJson, sha256 } from "./canonical-json.js";

/**
 * Top-level snapshot fields that move at nearly every check-in without the device changing.
 * They are kept out of the content-addressed snapshot (else every device would be a new
 * snapshot every day) and stored per run, compressed, so replay still sees them exactly.
 */
export const VOLATILE_FIELDS: readonly string[] = ["lastSyncDateTime", "freeStorageSpaceInBytes"];

/**
 * Fields whose change alone is not the device changing, for `history device`: the managedDevice
 * properties (Graph v1.0) that move with use and check-ins rather than with the device's settings:
 * when the last check-in and Exchange sync happened, and the free storage. A change of the outcome
 * that comes with only these moving is time passing (a grace period ran out, an action fell due),
 * unless the outcome names the field: a failing rule that read it, or Intune's "is active" check
 * (`isActive`: the last check-in within the tenant's threshold) for lastSyncDateTime. Replaced by
 * `volatileFields` in tenet.config.yaml. Not the same list as VOLATILE_FIELDS, which says what is
 * stored apart from the deduplicated snapshot.
 */
export const DEFAULT_VOLATILE_FIELDS: readonly string[] = [
  "lastSyncDateTime",
  "exchangeLastSuccessfulSyncDateTime",
  "freeStorageSpaceInBytes",
];

const SORTED_FIELDS = [...VOLATILE_FIELDS].sort();
const SORTED_KEYS = SORTED_FIELDS.map((f) => JSON.stringify(f));

/** A snapshot split in two: the part that is deduplicated and the volatile fields it had. */
export function splitVolatile(facts: Record<string, unknown>): {
  stable: Record<string, unknown>;
  volatile: Record<string, unknown> | undefined;
} {
  let volatile: Record<string, unknown> | undefined;
  let stable = facts;
  for (const field of VOLATILE_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(facts, field)) continue;
    if (volatile === undefined) {
      volatile = {};
      stable = { ...facts };
    }
    volatile[field] = facts[field];
    delete stable[field];
  }
  return { stable, volatile };
}

/** The snapshot as it was read: the stable part with the run's volatile fields put back. */
export function joinVolatile(stable: unknown, volatile: Record<string, unknown> | undefined): unknown {
  if (volatile === undefined || stable === null || typeof stable !== "object") return stable;
  return { ...(stable as Record<string, unknown>), ...volatile };
}

/** One run's volatile fields: a line per device in device-id order (code-unit order), gzipped. */
export interface PackedVolatile {
  /** sha256 of the uncompressed text; the run's content hash covers it. */
  hash: string;
  body: Uint8Array;
}

export function byDeviceId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Packs the volatile fields of a run's devices (already sorted by id), each as its canonical JSON
 * (`volatileText`, made where the device was evaluated); `undefined` when none had any.
 */
export function packVolatile(texts: (string | undefined)[]): PackedVolatile | undefined {
  if (texts.every((v) => v === undefined)) return undefined;
  const text = texts.map((v) => v ?? "").join("\n");
  // Level 3: a third of the default level's time for bodies about 5% larger (100,000 devices: 13 ms
  // and 577 KB against 37 ms and 552 KB); the hash is of the text, so the level never changes it.
  return { hash: sha256(text), body: gzipSync(text, { level: 3 }) };
}

/**
 * One device's volatile fields as its line of the packed text: the canonical JSON of an object of
 * those it has (`undefined` when none), written directly rather than built as an object first.
 */
export function volatileText(facts: Record<string, unknown>): string | undefined {
  let text: string | undefined;
  // In key order, as canonical JSON writes them; a field whose value is undefined is present but writes nothing.
  for (let i = 0; i < SORTED_FIELDS.length; i++) {
    const field = SORTED_FIELDS[i]!;
    if (!Object.prototype.hasOwnProperty.call(facts, field)) continue;
    const value = facts[field];
    if (text === undefined) text = "{";
    if (value !== undefined) text += `${text === "{" ? "" : ","}${SORTED_KEYS[i]}:${canonicalJson(value)}`;
  }
  return text === undefined ? undefined : `${text}}`;
}

/** The uncompressed text of a packed body, and its lines as values (in device-id order). */
export function unpackVolatile(body: Uint8Array): { hash: string; values: (Record<string, unknown> | undefined)[] } {
  const text = gunzipSync(body).toString("utf8");
  return {
    hash: sha256(text),
    values: text.split("\n").map((line) => (line === "" ? undefined : (JSON.parse(line) as Record<string, unknown>))),
  };
}
