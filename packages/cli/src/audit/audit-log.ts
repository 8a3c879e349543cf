import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { makeDiagnostic, emptySpan, type Diagnostic } from "@tenet/parser";
import { withAppendLock } from "./append-lock.js";
import { appendLines, readTail, replaceLog, setAsideTorn, sideFile } from "./audit-file.js";
import { GENESIS, seal, type AuditRecord } from "./audit-record.js";
import { CliError, EXIT, errnoReason, invocationDiagnostic } from "../exit-codes.js";

/** What one audited run adds to the log. */
export interface RunEntry {
  now: string;
  engineVersion: string;
  policySetHash: string;
  inputHash: string;
  counts: Record<string, number>;
  historyRun?: { id: number; rowHash: string };
}

/** What an append did: the record written, a retention record if old ones were dropped, notes to show. */
export interface Appended {
  record: AuditRecord;
  retention: AuditRecord | undefined;
  notes: Diagnostic[];
}

function who(): string | undefined {
  try {
    return process.env["TENET_AUDIT_USER"] ?? userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * Appends one chained record for a run, holding the log's lock and reading its head under it,
 * so concurrent runs queue rather than fork the chain. A torn tail left by a killed run is set
 * aside first. With `retainDays`, records older than that are then dropped behind a `retention`
 * record, and the log is rewritten through a temporary file and a rename.
 */
export function appendRun(
  path: string,
  run: RunEntry,
  options: { key?: Buffer; retainDays?: number; nowMs?: number } = {},
): Appended {
  return withFileErrors(path, () =>
    withAppendLock(path, () => {
      const notes: Diagnostic[] = [];
      const { last, torn } = readTail(path);
      if (torn !== undefined) {
        setAsideTorn(path, torn);
        notes.push(makeDiagnostic("CP5077", emptySpan(path), { path, bytes: torn.bytes, side: sideFile(path) }));
      }
      const head = last === undefined ? undefined : parseHead(path, last);
      const by = who();
      const record = seal(
        {
          kind: "run",
          seq: (head?.seq ?? 0) + 1,
          previousHash: head?.hash ?? GENESIS,
          ...run,
          ...(by === undefined ? {} : { by }),
        },
        options.key,
      );
      appendLines(path, `${JSON.stringify(record)}\n`);
      const retention =
        options.retainDays === undefined
          ? undefined
          : retainUnderLock(path, options.retainDays, options.nowMs ?? Date.parse(run.now), options.key);
      return { record, retention, notes };
    }),
  );
}

/** A log that cannot be opened is a usage error (exit 2); one whose write fails part-way is exit 74. */
function withFileErrors<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof CliError || typeof code !== "string") throw error;
    const reason = errnoReason(error);
    if (["EACCES", "EPERM", "ENOENT", "ENOTDIR", "EISDIR", "EROFS"].includes(code))
      throw new CliError([invocationDiagnostic("CP5063", { path, reason })], EXIT.usage);
    throw new CliError([invocationDiagnostic("CP5064", { path, reason })], EXIT.ioError);
  }
}

/** The head a new record links to; a last line that is no record stops the append (it would hide it). */
function parseHead(path: string, line: string): AuditRecord {
  try {
    const head = JSON.parse(line) as AuditRecord;
    if (typeof head.seq === "number" && typeof head.hash === "string") return head;
  } catch {
    // Reported below.
  }
  throw new CliError(
    [
      makeDiagnostic(
        "CP5075",
        emptySpan(path),
        { record: "the last", reason: "its last line is not a record with `seq` and `hash`" },
        { help: `run \`tenet audit verify ${path}\` to see what happened to the log; nothing was appended` },
      ),
    ],
    EXIT.usage,
  );
}

/**
 * Drops the records dated before `nowMs - days` from the start of the log and appends a
 * `retention` record naming them (first and last sequence number, last hash, digest of the
 * removed lines), hashed and keyed like any record. The first kept record still links to the
 * removed one, and `audit verify` accepts that gap only with a retention record vouching for it.
 */
function retainUnderLock(path: string, days: number, nowMs: number, key: Buffer | undefined): AuditRecord | undefined {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const records: AuditRecord[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      throw new CliError(
        [
          makeDiagnostic(
            "CP5075",
            { file: path, start: { line: i + 1, column: 1, offset: 0 }, end: { line: i + 1, column: 1, offset: 0 } },
            { record: i + 1, reason: "not valid JSON" },
            { help: `nothing was dropped; run \`tenet audit verify ${path}\`` },
          ),
        ],
        EXIT.usage,
      );
    }
  }
  const cutoff = nowMs - days * 86_400_000;
  let keep = 0;
  while (keep < records.length - 1 && Date.parse(records[keep]!.now) < cutoff) keep++;
  if (keep === 0) return undefined;
  const first = records[0]!;
  const lastDropped = records[keep - 1]!;
  const head = records[records.length - 1]!;
  const digest = createHash("sha256");
  for (const line of lines.slice(0, keep)) digest.update(`${line}\n`);
  const retention = seal(
    {
      kind: "retention",
      seq: head.seq + 1,
      previousHash: head.hash,
      now: new Date(nowMs).toISOString(),
      engineVersion: head.engineVersion,
      dropped: { from: first.seq, through: lastDropped.seq, lastHash: lastDropped.hash, digest: digest.digest("hex") },
    },
    key,
  );
  replaceLog(path, [...lines.slice(keep), JSON.stringify(retention)].map((l) => `${l}\n`).join(""));
  return retention;
}

/** Sets aside a torn last record (`tenet audit repair`); returns what was done, undefined when the log was whole. */
export function repairLog(path: string): Diagnostic | undefined {
  if (!existsSync(path)) return undefined;
  return withAppendLock(path, () => {
    const { torn } = readTail(path);
    if (torn === undefined) return undefined;
    setAsideTorn(path, torn);
    return makeDiagnostic("CP5077", emptySpan(path), { path, bytes: torn.bytes, side: sideFile(path) });
  });
}
