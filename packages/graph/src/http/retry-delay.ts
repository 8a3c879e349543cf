// How long to wait before retrying a throttled or failed Graph request.

/** Statuses Graph documents as transient: throttled, unavailable, gateway timeout. */
export const RETRYABLE_STATUS = new Set([429, 503, 504]);

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined when absent or unreadable, so the caller backs off itself.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff settings: the base doubles each attempt up to the cap. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter" backoff: a uniform wait in [0, min(cap, base * 2^attempt)], which spreads
 * retries of many clients apart instead of having them hit Graph again at the same moment.
 */
export function backoffMs(attempt: number, backoff: Backoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}
