import { isUtf8 } from "node:buffer";
import { VOLATILE_FIELDS } from "./volatile-fields.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// Each volatile field's key as written in JSON (quotes included), as plain arrays of its bytes.
const VOLATILE_BYTES: readonly number[][] = VOLATILE_FIELDS.map((f) => [...Buffer.from(JSON.stringify(f))]);

/** Where `stableBytes` writes: one buffer per thread, grown as lines need (its views live until the next call). */
let scratch = Buffer.allocUnsafeSlow(4096);
/**
 * Views of the scratch buffer from its start, by length, made once each: a fleet's stable parts
 * have a few hundred lengths, and a view made per device was an object per device to collect.
 */
let views = viewsOf(scratch);

/**
 * A snapshot's stable part taken from its bytes as read (an NDJSON line), without parsing or
 * serialising it again: its top-level members but the volatile ones, in their order and
 * spelling, joined by commas in braces. Its key is the sha256 of exactly these bytes, so a stored
 * body (their text) hashes to its key whether it was written this way or as canonical JSON.
 *
 * Returns `undefined` when the bytes are not valid UTF-8 or not one object (the caller then writes
 * canonical JSON). The bytes must be what `JSON.parse` read: the scan trusts them to be valid JSON.
 * The result is a view of a buffer the next call overwrites: hash or decode it before calling
 * again. A daily run does this for every device, so it makes no object per member or per device.
 */
export function stableBytes(bytes: Uint8Array): Buffer | undefined {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(b)) return undefined;
  // The line is copied once (each byte where it was), then its kept members are moved down over what is left
  // out as runs: members one comma apart extend the run before them, so a compact line is a few
  // moves whatever its number of fields, and none when nothing is left out. Nothing is allocated.
  if (scratch.length < b.length + 2) {
    scratch = Buffer.allocUnsafeSlow(2 * b.length + 2);
    views = viewsOf(scratch);
  }
  scratch.set(b, 0);
  // Without a backslash anywhere (most lines), every string ends at the next quote: one native search each.
  const plain = b.indexOf(BACKSLASH) < 0;
  let at = 1;
  let runStart = -1;
  let runEnd = -1;
  let i = skipSpace(b, 0);
  if (b[i] !== 0x7b) return undefined;
  i = skipSpace(b, i + 1);
  if (b[i] === 0x7d) i++;
  else
    for (;;) {
      const start = i;
      if (b[i] !== QUOTE) return undefined;
      // The key, noting whether it has an escape (then it is decoded to be compared).
      let escaped = false;
      if (plain) i = nextQuote(b, i + 1);
      else
        for (i++; i < b.length; i++) {
          const c = b[i]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            escaped = true;
            i++;
          }
        }
      const keyEnd = Math.min(i + 1, b.length);
      i = skipSpace(b, keyEnd);
      if (b[i] !== 0x3a) return undefined;
      i = endOfValue(b, skipSpace(b, i + 1), plain);
      if (i < 0) return undefined;
      if (!isVolatile(b, start, keyEnd, escaped)) {
        if (runStart >= 0 && runEnd === start - 1 && b[start - 1] === 0x2c) runEnd = i;
        else {
          at = moveRun(runStart, runEnd, at);
          runStart = start;
          runEnd = i;
        }
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
  at = moveRun(runStart, runEnd, at);
  scratch[0] = 0x7b;
  scratch[at] = 0x7d;
  return (views[at + 1] ??= scratch.subarray(0, at + 1));
}

/** A slot per length for views of `buffer` (filled, so looking one up stays a plain array read). */
function viewsOf(buffer: Buffer): (Buffer | undefined)[] {
  return new Array<Buffer | undefined>(buffer.length + 1).fill(undefined);
}

/**
 * Moves the run [start, end) of the line (where the scratch buffer holds it too) down to `at`,
 * after a comma unless it is the first; returns where the next run goes. What is written never
 * passes what is still to be read: the line's `{` comes before its first member, and a comma takes
 * the place of at least one member left out. A run already in place (the first, or any before the
 * first member left out) is not moved.
 */
function moveRun(start: number, end: number, at: number): number {
  if (start < 0) return at;
  if (at > 1) scratch[at++] = 0x2c;
  if (at !== start) scratch.copyWithin(at, start, end);
  return at + end - start;
}

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/**
 * The position after the string whose opening quote is at `i`: a byte loop for a short string,
 * then a native search for the next quote (a long one, such as a note, costs one call instead
 * of a loop turn per byte); a quote after an odd run of backslashes is escaped, not the end.
 */
function endOfString(b: Buffer, i: number, plain: boolean): number {
  if (plain) return Math.min(nextQuote(b, i + 1) + 1, b.length);
  const short = Math.min(i + SHORT, b.length);
  for (i++; i < short; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  while (i < b.length) {
    const quote = b.indexOf(QUOTE, i);
    if (quote < 0) break;
    let k = quote - 1;
    while (b[k] === BACKSLASH) k--;
    if ((quote - 1 - k) % 2 === 0) return quote + 1;
    i = quote + 1;
  }
  return b.length;
}

/** How many bytes of a string are looked at one by one before searching natively. */
const SHORT = 24;

/** The position of the next quote from `i` (the length when there is none). */
function nextQuote(b: Buffer, i: number): number {
  const quote = b.indexOf(QUOTE, i);
  return quote < 0 ? b.length : quote;
}

/** The position after the value starting at `i`, or -1 when there is none. `plain`: the line has no backslash. */
function endOfValue(b: Buffer, i: number, plain: boolean): number {
  const c = b[i];
  if (c === undefined) return -1;
  if (c === QUOTE) return endOfString(b, i, plain);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i]!;
      if (d === QUOTE) {
        i = endOfString(b, i, plain);
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
function isVolatile(b: Buffer, start: number, end: number, escaped: boolean): boolean {
  if (escaped) return VOLATILE_FIELDS.includes(JSON.parse(b.toString("utf8", start, end)) as string);
  // Compared here byte by byte against plain arrays: a native compare per key, or reading the
  // keys from Buffers, cost more than the comparison itself (this runs for every member of every line).
  const length = end - start;
  for (let v = 0; v < VOLATILE_BYTES.length; v++) {
    const key = VOLATILE_BYTES[v]!;
    if (key.length !== length) continue;
    let k = 1;
    while (k < length && key[k] === b[start + k]) k++;
    if (k === length) return true;
  }
  return false;
}
