import { Instant, parseInstant } from "@tenet/parser";

/** Thrown by the one-call helpers when `now` is not a valid instant (catalog code CP5007). */
export class InvalidNowError extends Error {
  override name = "InvalidNowError";
  readonly code = "CP5007" as const;
  constructor(readonly value: string) {
    super(`\`${value}\` is not a valid instant for \`now\``);
  }
}

// Pure value memo: bulk callers of the one-call helpers pass the same `now` text for every device.
let lastInput: string | number | undefined;
let lastInstant: Instant | undefined;

/**
 * `now` as an `Instant` for the one-call helpers (`evaluate`, `evaluateAccess`), read by
 * `parseInstant`. Throws `InvalidNowError` when it is not a valid instant. Never reads a clock.
 */
export function instantOf(now: Instant | Date | string | number): Instant {
  if (now instanceof Instant) return now;
  if (now === lastInput && lastInstant !== undefined) return lastInstant;
  const parsed = parseInstant(now, { option: "now" }).value;
  if (parsed === undefined) throw new InvalidNowError(String(now));
  // A Date is mutable, so only text and numbers are remembered.
  if (typeof now === "string" || typeof now === "number") {
    lastInput = now;
    lastInstant = parsed;
  }
  return parsed;
}
