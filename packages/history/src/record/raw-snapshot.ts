import { isUtf8 } from "node:buffer";
import { VOLATILE_FIELDS } from "./volatile-fields.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
// Each volatile field's key as written in JSON (quotes included), as plain arrays of its bytes.
const VOLATILE_BYTES: readonly number[][] = VOLATILE_FIELDS.map((f) => [...Buffer.from(JSON.stringify(f))]);
// The same keys without their opening quote, to search a line for natively: a native search looks
// for a needle's first byte first, and a quote is the commonest byte of a JSON line.
const VOLATILE_KEYS: readonly Buffer[] = VOLATILE_FIELDS.map((f) => Buffer.from(JSON.stringify(f).slice(1)));

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
 * With `facts`, exactly what the bytes parse to, most lines are cut by native searches instead
 * (`cutVolatile`), to the same bytes.
 */
export function stableBytes(bytes: Uint8Array, facts?: object): Buffer | undefined {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(b)) return undefined;
  // Without a backslash anywhere (most lines), every string ends at the next quote: one native search each.
  const plain = b.indexOf(BACKSLASH) < 0;
  const cut = plain && facts !== undefined ? cutVolatile(b, facts) : undefined;
  if (cut !== undefined) return cut;
  fit(b.length);
  // The line is copied once (each byte where it was), then its kept members are moved down over what is left
  // out as runs: members one comma apart extend the run before them, so a compact line is a few
  // moves whatever its number of fields, and none when nothing is left out. Nothing is allocated.
  scratch.set(b, 0);
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

/**
 * `stableBytes` of a line without a backslash and without spaces between its members (most
 * lines), found by native searches instead of a scan. Without a backslash a quote ends every
 * string, and JSON allows no letter after a string's closing quote, so a volatile key's text
 * (`"lastSyncDateTime"`) is always a whole string, and a key when a colon follows. When `facts`,
 * exactly what the line parses to, has the field at its top level, the line holds that key's
 * text there; when it holds the text only once, that once is the top-level member: it is cut
 * with the comma on one side, and the members around it are kept as they are. `undefined` (then
 * the line is scanned) for any line this cannot be said of: a key's text twice (a nested object
 * may hold one, or the line repeats the key), a field `facts` lacks written anywhere, whitespace
 * that may stand between members or around the volatile member's colon. The line must be valid
 * JSON in UTF-8 without a backslash, as `stableBytes` checks; exported for its tests.
 */
export function cutVolatile(b: Buffer, facts: object): Buffer | undefined {
  const last = b.length - 1;
  if (b[0] !== 0x7b || b[last] !== 0x7d || !compact(b)) return undefined;
  // The members cut (from their key's quote to the end of their value), in the line's order.
  let cuts = 0;
  for (let v = 0; v < VOLATILE_KEYS.length; v++) {
    const key = VOLATILE_KEYS[v]!;
    const found = b.indexOf(key);
    if (!Object.prototype.hasOwnProperty.call(facts, VOLATILE_FIELDS[v]!)) {
      if (found >= 0) return undefined;
      continue;
    }
    // Found once, it is the top-level key: its quote before it, and before that (the line being compact) a comma or the brace.
    const start = found - 1;
    const colon = found + key.length;
    if (found < 0 || b[colon] !== 0x3a || b.indexOf(key, colon) >= 0) return undefined;
    const end = endOfValue(b, colon + 1, true);
    if (end < 0 || (b[end] !== COMMA && end !== last)) return undefined;
    let c = cuts++;
    for (; c > 0 && CUT_STARTS[c - 1]! > start; c--) {
      CUT_STARTS[c] = CUT_STARTS[c - 1]!;
      CUT_ENDS[c] = CUT_ENDS[c - 1]!;
    }
    CUT_STARTS[c] = start;
    CUT_ENDS[c] = end;
  }
  // What is kept: the runs of members between the cuts (each without the commas around it), joined by commas.
  fit(b.length);
  scratch.set(b, 0);
  let at = 1;
  let from = 1;
  for (let c = 0; c <= cuts; c++) {
    const to = c < cuts ? CUT_STARTS[c]! - 1 : last;
    if (to > from) at = moveRun(from, to, at);
    if (c < cuts) from = CUT_ENDS[c]! + 1;
  }
  scratch[0] = 0x7b;
  scratch[at] = 0x7d;
  return (views[at + 1] ??= scratch.subarray(0, at + 1));
}

const CUT_STARTS = new Int32Array(VOLATILE_KEYS.length);
const CUT_ENDS = new Int32Array(VOLATILE_KEYS.length);

/**
 * Whether no whitespace stands between the line's members, or may be said not to: the line has no
 * tab, line feed or carriage return (a JSON string holds them escaped), and no space after a brace
 * or comma or before a comma or brace, as a run of spaces between members has at one of its ends.
 * Other spaces ("MacBook Pro", `"key": value`) are in a member, kept as they are by `stableBytes`
 * too, or in the volatile member, which is then not cut: its key and value are found next to its
 * colon, and its neighbours next to its commas, or not at all.
 */
function compact(b: Buffer): boolean {
  if (b.indexOf(0x09) >= 0 || b.indexOf(0x0a) >= 0 || b.indexOf(0x0d) >= 0) return false;
  for (let p = b.indexOf(0x20); p >= 0; p = b.indexOf(0x20, p + 1))
    if (GAP_AFTER[b[p - 1]!] === 1 || GAP_BEFORE[b[p + 1]!] === 1) return false;
  return true;
}

/** Bytes a space between members may follow (`{,`), or precede (`,}`). */
const GAP_AFTER = byteSet("{,");
const GAP_BEFORE = byteSet(",}");

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (const c of Buffer.from(chars)) set[c] = 1;
  return set;
}

/** Grows the scratch buffer to hold a line of `length` bytes and its braces. */
function fit(length: number): void {
  if (scratch.length >= length + 2) return;
  scratch = Buffer.allocUnsafeSlow(2 * length + 2);
  views = viewsOf(scratch);
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
