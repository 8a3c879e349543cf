import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";

/** One run in the audit log. Personal data never enters it: only hashes and counts. */
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
  /** For `retention`: the last sequence number dropped and the hash the chain continues from. */
  droppedThrough?: number;
  hash: string;
}

const GENESIS = "0".repeat(64);

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

export function recordHash(record: Omit<AuditRecord, "hash">): string {
  return createHash("sha256").update(canonical(record)).digest("hex");
}

function readRecords(path: string): AuditRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as AuditRecord);
}

function who(): string | undefined {
  try {
    return process.env["TENET_AUDIT_USER"] ?? userInfo().username;
  } catch {
    return undefined;
  }
}

/** Appends one hash-chained record for a run. */
export function appendRun(
  path: string,
  run: {
    now: string;
    engineVersion: string;
    policySetHash: string;
    inputHash: string;
    counts: Record<string, number>;
    historyRun?: { id: number; rowHash: string };
  },
): AuditRecord {
  const records = readRecords(path);
  const last = records[records.length - 1];
  const by = who();
  const body = {
    kind: "run" as const,
    seq: (last?.seq ?? 0) + 1,
    previousHash: last?.hash ?? GENESIS,
    ...run,
    ...(by === undefined ? {} : { by }),
  };
  const record = { ...body, hash: recordHash(body) };
  appendFileSync(path, `${JSON.stringify(record)}\n`);
  return record;
}

/**
 * Drops records older than `days` before `now`, verifiably: a `retention` record takes
 * their place, carrying the last dropped sequence number and hash, so the remaining chain
 * still checks and the cut is itself recorded.
 */
export function retain(path: string, days: number, nowMs: number): number {
  const records = readRecords(path);
  const cutoff = nowMs - days * 86_400_000;
  const lead = records[0]?.kind === "retention" ? 1 : 0;
  let keep = lead;
  while (keep < records.length && Date.parse(records[keep]!.now) < cutoff) keep++;
  if (keep === lead) return 0;
  const lastDropped = records[keep - 1]!;
  // The marker carries the last dropped record's hash, so the next record still links to it.
  const marker: AuditRecord = {
    kind: "retention",
    seq: lastDropped.seq,
    previousHash: lastDropped.previousHash,
    now: new Date(nowMs).toISOString(),
    engineVersion: lastDropped.engineVersion,
    droppedThrough: lastDropped.seq,
    hash: lastDropped.hash,
  };
  writeFileSync(path, [marker, ...records.slice(keep)].map((r) => `${JSON.stringify(r)}\n`).join(""));
  return keep - lead;
}

/** Checks the chain; returns the problems found, each naming the record (1-based line). */
export function verifyLog(path: string): string[] {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const problems: string[] = [];
  let previous: AuditRecord | undefined;
  lines.forEach((line, i) => {
    const n = i + 1;
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch {
      problems.push(`record ${n} is not valid JSON`);
      return;
    }
    const { hash, ...body } = record;
    if (record.kind === "retention") {
      if (i !== 0) problems.push(`record ${n} is a retention marker but is not the first record`);
    } else if (recordHash(body) !== hash)
      problems.push(`record ${n} (seq ${record.seq}) was edited: its hash does not match its content`);
    if (previous === undefined && record.kind === "run" && record.previousHash !== GENESIS)
      problems.push(
        `record ${n} (seq ${record.seq}) does not start the chain: earlier records were removed without a retention marker`,
      );
    if (previous !== undefined) {
      if (record.previousHash !== previous.hash)
        problems.push(
          `record ${n} (seq ${record.seq}) does not follow record ${n - 1}: a record was removed, inserted or reordered`,
        );
      if (record.seq !== previous.seq + 1)
        problems.push(`record ${n} has sequence ${record.seq}, expected ${previous.seq + 1}`);
    }
    previous = record;
  });
  return problems;
}
