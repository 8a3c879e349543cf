import type { AuditRecord } from "./audit-record.js";

/** A head of the log kept elsewhere: its sequence number (optional) and hash. */
export interface Anchor {
  seq?: number;
  hash: string;
}

/** The anchor text of a record: `SEQ:HASH`, one token to store anywhere and pass back to `audit verify --anchor`. */
export function anchorOf(record: Pick<AuditRecord, "seq" | "hash">): string {
  return `${record.seq}:${record.hash}`;
}

/** Reads `SEQ:HASH` or `HASH`; a string instead says why the text is no anchor. */
export function parseAnchor(text: string): Anchor | string {
  const match = /^(?:(\d+):)?([0-9a-f]{64})$/.exec(text.trim());
  if (match === null) return "it is not `SEQ:HASH` or a 64-digit hex hash (as `tenet audit anchor` prints)";
  return match[1] === undefined ? { hash: match[2]! } : { seq: Number(match[1]), hash: match[2]! };
}
