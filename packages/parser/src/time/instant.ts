// Instant: the evaluation time, parsed once where it enters (command line, config, test file, library call).
import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { emptySpan, type Span } from "../source/span.js";
import { parseDateTime } from "./datetime.js";

/** The largest distance from the epoch a JavaScript `Date` can hold (±100,000,000 days). */
const MAX_EPOCH_MILLIS = 8.64e15;

/**
 * One point on the UTC time line, as epoch milliseconds and its canonical ISO-8601 text
 * (`2026-11-25T12:00:00.000Z`). Immutable; build one with `parseInstant` or
 * `Instant.fromMillis`. Serialises to its ISO text, so it survives `JSON.stringify` and a
 * worker message as a string that `parseInstant` reads back to the same instant.
 */
export class Instant {
  /** Epoch milliseconds. */
  readonly millis: number;
  /** ISO-8601 UTC text, as `Date.prototype.toISOString` writes it. */
  readonly iso: string;

  private constructor(millis: number) {
    this.millis = millis;
    this.iso = new Date(millis).toISOString();
    Object.freeze(this);
  }

  /** The instant at `millis` since the epoch, or undefined when that is not a finite time a `Date` can hold. */
  static fromMillis(millis: number): Instant | undefined {
    return Number.isFinite(millis) && Math.abs(millis) <= MAX_EPOCH_MILLIS ? new Instant(millis) : undefined;
  }

  toJSON(): string {
    return this.iso;
  }

  toString(): string {
    return this.iso;
  }
}

/** Where an instant came from, for the diagnostic: the option or field name and its place. */
export interface InstantSource {
  /** How the user wrote the setting, e.g. `--now` (the default) or `now`. */
  option?: string;
  /** The place of the value in a file; a command-line value has none. */
  span?: Span;
}

/**
 * Reads an instant from ISO-8601 text, epoch milliseconds, a `Date` or an `Instant`. Text is
 * read strictly (see `parseDateTime`): a date and time without a zone (`2026-11-25T12:00:00`)
 * is UTC, never the machine's local time, and a bare date is its 00:00 UTC. Returns no value
 * and diagnostic CP5007 for anything else; never throws and never reads a clock.
 */
export function parseInstant(
  input: Instant | Date | string | number,
  source: InstantSource = {},
): StageResult<Instant | undefined> {
  if (input instanceof Instant) return { value: input, diagnostics: [] };
  let millis: number;
  if (input instanceof Date) millis = input.getTime();
  else if (typeof input === "number") millis = input;
  else if (typeof input === "string") millis = parseDateTime(input.trim());
  else millis = Number.NaN;
  const value = Instant.fromMillis(millis);
  if (value !== undefined) return { value, diagnostics: [] };
  const diagnostic: Diagnostic = makeDiagnostic("CP5007", source.span ?? emptySpan(""), {
    value: String(input),
    option: source.option ?? "--now",
  });
  return { value: undefined, diagnostics: [diagnostic] };
}
