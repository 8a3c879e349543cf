/**
 * Datetime reading on the evaluation's hot path: the strict ISO-8601 reader of `@tenet/parser`
 * (a datetime without a zone is UTC) behind a one-entry memo, and ISO text for result instants.
 */
import { DAY_MS, hasZone, parseDateDays, parseDateTime } from "@tenet/parser";

// Pure value memos (text -> millis, millis -> text): one evaluation reads the same timestamp for a
// rule and for the built-in check-in test, and results repeat the same few instants.
let lastText = "";
let lastMillis = Number.NaN;
const isoCache = new Map<number, string>();

/** Parses an ISO-8601 datetime to epoch milliseconds, or NaN when malformed (see `parseDateTime`). */
export function parseDateTimeMillis(text: string): number {
  if (text === lastText) return lastMillis;
  const ms = parseDateTime(text);
  lastText = text;
  lastMillis = ms;
  return ms;
}

/** Epoch milliseconds to ISO-8601 UTC text. */
export function toIso(millis: number): string {
  let iso = isoCache.get(millis);
  if (iso === undefined) {
    iso = new Date(millis).toISOString();
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(millis, iso);
  }
  return iso;
}

export { DAY_MS, hasZone, parseDateDays };
