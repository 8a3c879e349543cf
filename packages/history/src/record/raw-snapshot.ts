import { createHash } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { VOLATILE_FIELDS } from "./volatile-fields.js";

/**
 * A snapshot's stable part taken from its bytes as read (an NDJSON line), without parsing or
 * serialising it again: its top-level members but the volatile ones, in their order and
 * spelling, joined by commas in braces. Its hash is the sha256 of exactly that text (`text()`),
 * so a stored body hashes to its key whether it was written this way or as canonical JSON.
 */
export interface RawSnapshot {
  hash: string;
  text(): string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = Buffer.from(",");
const OPEN = Buffer.from("{");
const CLOSE = Buffer.from("}");
const VOLATILE_KEYS = VOLATILE_FIELDS.map((f) => Buffer.from(JSON.stringify(f)));

/**
 * The stable part of one JSON object's bytes, or `undefined` when they are not valid UTF-8 or
 * not one object (the caller then writes canonical JSON). The bytes must be what `JSON.parse`
 * read: the scan trusts them to be valid JSON.
 */
export function rawSnapshot(bytes: Uint8Array): RawSnapshot | undefined {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(b)) return undefined;
  let i = skipSpace(b, 0);
  if (b[i] !== 0x7b) return undefined;
  i = skipSpace(b, i + 1);
  // The kept members as runs of the line's bytes: members one comma apart extend the run before
  // them, so a compact line is a few runs (hashed with a few calls) whatever its number of fields.
  const runs: number[] = [];
  if (b[i] === 0x7d) i++;
  else
    for (;;) {
      const start = i;
      if (b[i] !== QUOTE) return undefined;
      const keyEnd = endOfString(b, i);
      i = skipSpace(b, keyEnd);
      if (b[i] !== 0x3a) return undefined;
      i = endOfValue(b, skipSpace(b, i + 1));
      if (i < 0) return undefined;
      if (!isVolatile(b, start, keyEnd)) {
        const last = runs.length - 1;
        if (last > 0 && runs[last] === start - 1 && b[start - 1] === 0x2c) runs[last] = i;
        else runs.push(start, i);
      }
      i = skipSpace(b, i);
      if (b[i] === 0x2c) {
        i = skipSpace(b, i + 1);
        continue;
      }
      if (b[i] !== 0x7d) return undefined;
      i++;
      break;
    }
  if (skipSpace(b, i) !== b.length) return undefined;
  const hash = createHash("sha256").update(OPEN);
  for (let k = 0; k < runs.length; k += 2)
    (k === 0 ? hash : hash.update(COMMA)).update(b.subarray(runs[k], runs[k + 1]));
  return {
    hash: hash.update(CLOSE).digest("hex"),
    text: () => {
      const parts: string[] = [];
      for (let k = 0; k < runs.length; k += 2) parts.push(b.toString("utf8", runs[k], runs[k + 1]));
      return `{${parts.join(",")}}`;
    },
  };
}

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The position after the string whose opening quote is at `i` (a byte loop: strings are short). */
function endOfString(b: Buffer, i: number): number {
  for (i++; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return b.length;
}

/** The position after the value starting at `i`, or -1 when there is none. */
function endOfValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === undefined) return -1;
  if (c === QUOTE) return endOfString(b, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i]!;
      if (d === QUOTE) {
        i = endOfString(b, i);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) depth--;
      i++;
      if (depth === 0) return i;
    }
    return -1;
  }
  // A number, true, false or null: up to the next separator.
  while (i < b.length) {
    const d = b[i]!;
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x09 || d === 0x0a || d === 0x0d) break;
    i++;
  }
  return i;
}

/** Whether the key spanning [start, end) (quotes included) names a volatile field, escapes decoded. */
function isVolatile(b: Buffer, start: number, end: number): boolean {
  for (let k = start + 1; k < end - 1; k++)
    if (b[k] === BACKSLASH) return VOLATILE_FIELDS.includes(JSON.parse(b.toString("utf8", start, end)) as string);
  for (const v of VOLATILE_KEYS)
    if (v.length === end - start && b.compare(v, 0, v.length, start, end) === 0) return true;
  return false;
}
