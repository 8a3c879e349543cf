/** Documented exit codes of every `tenet` command (see packages/cli/EXIT-CODES.md). */
export const EXIT = {
  /** Everything evaluated and compliant; no lint errors; formatting clean. */
  ok: 0,
  /** Some device is noncompliant or in error, a test or property failed, or `fmt --check` found changes. */
  failed: 1,
  /** Bad command line (unknown flag, bad `--now`, unknown format) or bad input (unreadable records; every other record is still evaluated). */
  usage: 2,
  /** The policies have errors (syntax, names, types). */
  policyErrors: 3,
  /** A bug in Tenet (the message says so; `--debug` prints the stack). */
  internal: 70,
  /** Some input record could not be read or failed the facts schema: the same code as a usage error, as documented. */
  inputErrors: 2,
} as const;

/** Thrown by commands for a usage error; `main.ts` prints it and exits 2. */
export class UsageError extends Error {}
