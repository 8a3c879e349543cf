// Dates and datetimes: the one strict ISO-8601 reader for policies, snapshots and `now`.
/**
 * Dates (`YYYY-MM-DD`, compared as whole UTC days) and datetimes (ISO-8601; a datetime
 * without a zone is read as UTC). Parsing is strict: anything else is malformed.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  return d <= dim;
}

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Fast path for the form Graph exports use: `YYYY-MM-DDThh:mm:ss[.f{1,9}]Z`. NaN when not that form. */
function parseCommonUtc(t: string): number {
  const n = t.length;
  if (
    n < 20 ||
    t.charCodeAt(n - 1) !== 90 ||
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84
  ) {
    return Number.NaN;
  }
  if (t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return Number.NaN;
  const y1 = digits2(t, 0);
  const y2 = digits2(t, 2);
  const mo = digits2(t, 5);
  const d = digits2(t, 8);
  const h = digits2(t, 11);
  const mi = digits2(t, 14);
  const s = digits2(t, 17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return Number.NaN;
  let ms = 0;
  if (n > 20) {
    if (t.charCodeAt(19) !== 46 || n > 30 || n < 22) return Number.NaN;
    let scale = 100;
    for (let i = 20; i < n - 1; i++) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
      ms += c * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const y = y1 * 100 + y2;
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
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
 * means UTC (never the local zone of the machine); a bare date means its 00:00Z.
 */
export function parseDateTime(text: string): number {
  if (text.length > 64) return Number.NaN;
  const fast = parseCommonUtc(text);
  if (!Number.isNaN(fast)) return fast;
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

export { DAY_MS };
