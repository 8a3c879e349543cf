/**
 * Dates (`YYYY-MM-DD`, compared as whole UTC days) and datetimes (ISO-8601; a datetime
 * without a zone is read as UTC). Parsing is strict: anything else is malformed.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const DAY_MS = 86_400_000;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

/** Parses `YYYY-MM-DD` to a UTC day number (days since 1970-01-01), or NaN when malformed. */
export function parseDateDays(text: string): number {
  if (text.length !== 10) return Number.NaN;
  const m = DATE_RE.exec(text);
  if (m === null) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validDay(y, mo, d)) return Number.NaN;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

/**
 * Parses an ISO-8601 datetime to epoch milliseconds, or NaN when malformed. A missing zone
 * means UTC; a bare date means its 00:00Z.
 */
export function parseDateTimeMillis(text: string): number {
  if (text.length > 64) return Number.NaN;
  const m = DATETIME_RE.exec(text);
  if (m === null) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validDay(y, mo, d)) return Number.NaN;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) return Number.NaN;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (oh * 60 + om) * 60_000 * (m[9] === "-" ? -1 : 1);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

/** Whether a datetime text carries an explicit zone (`Z` or an offset). */
export function hasZone(text: string): boolean {
  const m = DATETIME_RE.exec(text);
  return m !== null && (m[8] !== undefined || m[9] !== undefined);
}

/** Epoch milliseconds to ISO-8601 UTC text. */
export function toIso(millis: number): string {
  return new Date(millis).toISOString();
}

export { DAY_MS };
