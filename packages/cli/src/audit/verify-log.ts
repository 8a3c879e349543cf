import { existsSync, readFileSync } from "node:fs";
import { makeDiagnostic, type CatalogCode, type Diagnostic } from "@tenet/parser";
import { sideFile } from "./audit-file.js";
import { GENESIS, macMatches, recordHash, type AuditRecord } from "./audit-record.js";
import { parseAnchor, type Anchor } from "./anchor.js";

/** What `verifyLog` found: problems and notes, the records read, and the head. */
export interface Verification {
  diagnostics: Diagnostic[];
  records: number;
  head: AuditRecord | undefined;
}

interface Line {
  n: number;
  offset: number;
  record: AuditRecord;
}

/**
 * Checks an audit log: every record's hash, the links and sequence numbers between records, that
 * the log starts at the genesis or right after records a hashed `retention` record names, every
 * MAC when the key is given, that the log still holds and extends `anchor`, and a torn last record.
 * Each problem is a catalog diagnostic naming the record's line.
 */
export function verifyLog(path: string, options: { key?: Buffer; anchor?: string } = {}): Verification {
  const bytes = readFileSync(path);
  const end = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, end).toString("utf8");
  const diagnostics: Diagnostic[] = [];
  const at = (code: CatalogCode, n: number, offset: number, args: Record<string, string | number>) =>
    diagnostics.push(
      makeDiagnostic(
        code,
        { file: path, start: { line: n, column: 1, offset }, end: { line: n, column: 1, offset } },
        args,
      ),
    );
  const lines: Line[] = [];
  let offset = 0;
  text
    .split("\n")
    .slice(0, -1)
    .forEach((raw, i) => {
      const n = i + 1;
      const start = offset;
      offset += raw.length + 1;
      if (raw.trim() === "") return;
      const record = parseRecord(raw);
      if (typeof record === "string") return at("CP5075", n, start, { record: n, reason: record });
      lines.push({ n, offset: start, record });
    });

  let keyed = 0;
  let previous: Line | undefined;
  const sound = new Set<Line>();
  for (const line of lines) {
    const { n, record } = line;
    const { hash, mac, ...body } = record;
    const args = { record: n, seq: record.seq };
    const problems = diagnostics.length;
    if (record.kind === "retention" && record.dropped === undefined)
      at("CP5075", n, line.offset, {
        record: n,
        reason: "a retention marker without a hash (written by an older Tenet, or a record relabelled to hide an edit)",
      });
    else if (recordHash(body) !== hash) at("CP5070", n, line.offset, args);
    if (mac !== undefined) keyed++;
    if (options.key !== undefined && mac === undefined)
      at("CP5073", n, line.offset, { ...args, reason: "carries no MAC" });
    else if (options.key !== undefined && !macMatches(options.key, hash, mac!))
      at("CP5073", n, line.offset, { ...args, reason: "carries a MAC that does not match" });
    if (diagnostics.length === problems) sound.add(line);
    if (previous !== undefined) {
      const link = { ...args, previous: previous.n, previousSeq: previous.record.seq };
      if (record.previousHash !== previous.record.hash)
        at("CP5071", n, line.offset, { ...link, reason: "a record was removed, inserted or reordered" });
      else if (record.seq !== previous.record.seq + 1)
        at("CP5071", n, line.offset, { ...link, reason: `its sequence number should be ${previous.record.seq + 1}` });
    }
    previous = line;
  }

  const first = lines[0];
  if (first !== undefined && !(first.record.seq === 1 && first.record.previousHash === GENESIS)) {
    // Only a retention record whose own hash (and MAC) checks can explain the gap.
    const vouched = [...sound].some(
      ({ record }) =>
        record.kind === "retention" &&
        record.dropped?.through === first.record.seq - 1 &&
        record.dropped.lastHash === first.record.previousHash,
    );
    if (!vouched) at("CP5072", first.n, first.offset, { record: first.n, seq: first.record.seq });
  }
  const head = lines[lines.length - 1]?.record;
  if (options.anchor !== undefined) {
    const problem = anchorProblem(parseAnchor(options.anchor), lines, head);
    if (problem !== undefined) at("CP5074", 1, 0, { anchor: options.anchor, reason: problem });
  }
  if (end < bytes.length) {
    const n = text.split("\n").length;
    at("CP5076", n, end, { bytes: bytes.length - end, offset: end, path, side: sideFile(path) });
  }
  if (options.key === undefined && keyed > 0) at("CP5080", 1, 0, { count: keyed });
  if (existsSync(sideFile(path))) {
    const count = readFileSync(sideFile(path), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "").length;
    if (count > 0) at("CP5081", 1, 0, { count, side: sideFile(path) });
  }
  return { diagnostics, records: lines.length, head };
}

function parseRecord(raw: string): AuditRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return "not valid JSON";
  }
  const r = value as Partial<AuditRecord> | null;
  if (r === null || typeof r !== "object" || Array.isArray(r)) return "not a JSON object";
  if (r.kind !== "run" && r.kind !== "retention") return "its `kind` is neither `run` nor `retention`";
  if (typeof r.seq !== "number" || typeof r.hash !== "string" || typeof r.previousHash !== "string")
    return "it lacks `seq`, `hash` or `previousHash`";
  if (r.mac !== undefined && typeof r.mac !== "string") return "its `mac` is not a string";
  return r as AuditRecord;
}

function anchorProblem(anchor: Anchor | string, lines: Line[], head: AuditRecord | undefined): string | undefined {
  if (typeof anchor === "string") return anchor;
  if (
    lines.some(({ record }) => record.hash === anchor.hash && (anchor.seq === undefined || record.seq === anchor.seq))
  )
    return undefined;
  if (anchor.seq !== undefined && head !== undefined && head.seq < anchor.seq)
    return `the log ends at seq ${head.seq}: the records after it were deleted`;
  const first = lines[0]?.record;
  if (anchor.seq !== undefined && first !== undefined && anchor.seq < first.seq)
    return `records through seq ${first.seq - 1} were dropped by retention; take a new anchor after each \`--retain\``;
  return "no record has its hash: the record was removed or the chain was rewritten";
}
