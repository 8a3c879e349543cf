import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** One entry of the audit log. Personal data never enters it: only hashes and counts. */
export interface AuditRecord {
  kind: "run" | "retention";
  seq: number;
  previousHash: string;
  now: string;
  engineVersion: string;
  policySetHash?: string;
  inputHash?: string;
  counts?: Record<string, number>;
  /** With `check --history`: the run's id and row hash in the store, binding the two chains. */
  historyRun?: { id: number; rowHash: string };
  by?: string;
  /** For `retention`: the records it removed from the start of the log, so the cut is itself in the chain. */
  dropped?: RetentionCut;
  /** Written by Tenet before retention records were hashed; never written now, and never trusted. */
  droppedThrough?: number;
  hash: string;
  /** HMAC-SHA256 of `hash` under the audit key: only a holder of the key can write a record that checks. */
  mac?: string;
}

/** What a `retention` record says it removed: enough to check the first kept record and an archived copy. */
export interface RetentionCut {
  from: number;
  through: number;
  /** The hash of the last removed record: the first kept record's `previousHash`. */
  lastHash: string;
  /** SHA-256 of the removed lines exactly as they were in the file (each with its newline). */
  digest: string;
}

/** The `previousHash` of the first record of a log. */
export const GENESIS = "0".repeat(64);

/** JSON with object keys sorted at every level, so a record hashes the same however it was written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 of a record's content: every field but `hash` and `mac`. */
export function recordHash(record: Omit<AuditRecord, "hash" | "mac">): string {
  return createHash("sha256").update(canonical(record)).digest("hex");
}

/** The MAC a record carries when written with `key`. */
export function recordMac(key: Buffer, hash: string): string {
  return createHmac("sha256", key).update(hash).digest("hex");
}

/** True when `mac` is the MAC of `hash` under `key` (compared in constant time). */
export function macMatches(key: Buffer, hash: string, mac: string): boolean {
  // Hex decoding stops at the first bad digit: without this check `<mac>x` would still match.
  if (!/^[0-9a-f]{64}$/.test(mac)) return false;
  const want = Buffer.from(recordMac(key, hash), "hex");
  const got = Buffer.from(mac, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Seals a record body: its hash, and its MAC when a key is given. */
export function seal(body: Omit<AuditRecord, "hash" | "mac">, key: Buffer | undefined): AuditRecord {
  const hash = recordHash(body);
  return { ...body, hash, ...(key === undefined ? {} : { mac: recordMac(key, hash) }) };
}
