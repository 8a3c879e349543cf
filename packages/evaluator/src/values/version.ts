/**
 * Version values: dot-separated decimal components compared numerically
 * (`10.0.22631.10000 > 10.0.22631.2861`). Missing trailing components count as 0 by
 * default (`14 == 14.0`); with padding `"less"` a shorter version is less than a longer
 * one with the same prefix, as .NET `System.Version` does.
 */
export type VersionPadding = "zero" | "less";

/** Result of a version parse: the components, or why the text is not a version. */
export type ParsedVersion = { ok: true; parts: number[] } | { ok: false; reason: string };

/** Returned by the comparison helpers when the device text is not a version. */
export const MALFORMED_VERSION = 2;

/** Fleets repeat the same few versions: parsed results are shared (they are never mutated). */
const parsed = new Map<string, ParsedVersion>();
const PARSED_LIMIT = 4096;

/** Parses `10.0.19045` into `[10, 0, 19045]`; rejects empty, non-numeric or signed components. */
export function parseVersion(text: string): ParsedVersion {
  if (typeof text !== "string") return { ok: false, reason: "a version must be a string" };
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const result = parseVersionText(text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, result);
  return result;
}

function parseVersionText(text: string): ParsedVersion {
  if (text.length === 0) return { ok: false, reason: "empty version" };
  if (text.length > 256) return { ok: false, reason: "version is longer than 256 characters" };
  const pieces = text.split(".");
  const parts: number[] = [];
  for (const piece of pieces) {
    if (!/^[0-9]+$/.test(piece)) {
      return { ok: false, reason: `component \`${piece}\` of \`${text}\` is not a number` };
    }
    parts.push(Number(piece));
  }
  return { ok: true, parts };
}

/** Compares two parsed versions: -1, 0 or 1. */
export function compareVersionParts(
  a: readonly number[],
  b: readonly number[],
  padding: VersionPadding = "zero",
): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) {
      if (padding === "less") return x === undefined ? -1 : 1;
    }
    const xv = x ?? 0;
    const yv = y ?? 0;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return 0;
}

/**
 * Compares two version texts: -1, 0 or 1. Throws a `TypeError` when either is malformed;
 * evaluation uses `compareVersionText`, which reports malformed input instead.
 */
export function compareVersions(a: string, b: string, padding: VersionPadding = "zero"): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa.ok) throw new TypeError(pa.reason);
  if (!pb.ok) throw new TypeError(pb.reason);
  return compareVersionParts(pa.parts, pb.parts, padding);
}

/**
 * Compares a device version text against pre-split literal components without allocating:
 * -1, 0, 1, or `MALFORMED_VERSION` when the text is not a version. `less` selects .NET padding.
 */
export function compareVersionText(text: string, lit: readonly number[], less: boolean): number {
  const len = text.length;
  if (len === 0 || len > 256) return MALFORMED_VERSION;
  let i = 0;
  let k = 0;
  let result = 0;
  for (;;) {
    let value = 0;
    let digits = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === 46) break;
      if (c < 48 || c > 57) return MALFORMED_VERSION;
      value = value * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0) return MALFORMED_VERSION;
    if (result === 0) {
      const y = lit[k];
      if (y === undefined) {
        if (less || value !== 0) result = 1;
      } else if (value !== y) {
        result = value < y ? -1 : 1;
      }
    }
    k++;
    if (i === len) break;
    i++; // step over the dot
    if (i === len) return MALFORMED_VERSION; // trailing dot
  }
  if (result !== 0) return result;
  // The device text ended; the literal may have more components.
  for (; k < lit.length; k++) {
    if (less) return -1;
    if ((lit[k] as number) !== 0) return -1;
  }
  return 0;
}
