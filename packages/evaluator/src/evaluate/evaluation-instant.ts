import { parseDateTimeMillis } from "../values/temporal.js";

/** Thrown when `EvaluateOptions.now` is not a valid instant; the CLI reports it as CP5007. */
export class InvalidNowError extends Error {
  override name = "InvalidNowError";
  readonly code = "CP5007" as const;
  constructor(readonly value: string) {
    super(`\`${value}\` is not a valid instant for \`now\``);
  }
}

/**
 * The evaluation instant in epoch milliseconds from a Date, epoch milliseconds or an
 * ISO-8601 text (a text without a zone is read as UTC). Never reads a clock.
 */
export function parseNow(now: Date | string | number): number {
  let millis: number;
  if (now instanceof Date) millis = now.getTime();
  else if (typeof now === "number") millis = now;
  else if (typeof now === "string") millis = parseDateTimeMillis(now.trim());
  else millis = Number.NaN;
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) throw new InvalidNowError(String(now));
  return millis;
}
