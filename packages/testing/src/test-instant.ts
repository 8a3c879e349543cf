// The evaluation instant of test files, generators and property checks, read like the CLI reads `--now`.
import { Instant, parseInstant } from "@tenet/parser";

/**
 * The instant a test file, generator or search uses when it is given none: fixed, so a test
 * never reads the clock and gives the same answer on every day and machine.
 */
export const DEFAULT_TEST_NOW: Instant = parseInstant("2026-01-01T00:00:00Z").value!;

/**
 * `now` as a testing helper was given it, read with `parseInstant` (a time without a zone is
 * UTC, as on the command line), or `DEFAULT_TEST_NOW`. Throws with CP5007's message when it is
 * not a valid instant: a helper's option is a programming error, not input data.
 */
export function testInstant(now: Instant | Date | string | number | undefined): Instant {
  if (now === undefined) return DEFAULT_TEST_NOW;
  const parsed = parseInstant(now, { option: "now" });
  if (parsed.value === undefined) throw new Error(parsed.diagnostics[0]!.message);
  return parsed.value;
}
