import { emptySpan, makeDiagnostic, type CatalogCode, type Diagnostic } from "@tenet/parser";

/** Documented exit codes of every `tenet` command (see packages/cli/EXIT-CODES.md). */
export const EXIT = {
  /** Everything evaluated and compliant; no lint errors; formatting clean. */
  ok: 0,
  /** Some device fails the `--fail-on` gate, a test or property failed, or `fmt --check` found changes. */
  failed: 1,
  /**
   * Bad command line (unknown flag, bad `--now`, unknown format) or bad input (unreadable records;
   * every other record is still evaluated).
   */
  usage: 2,
  /** The policies have errors (syntax, names, types). */
  policyErrors: 3,
  /** A bug in Tenet (the message says so; `--debug` prints the stack). */
  internal: 70,
  /** Writing output failed part-way (a full disk, an I/O error): sysexits' EX_IOERR. The previous output file is intact. */
  ioError: 74,
  /** Some input record could not be read or failed the facts schema: the same code as a usage error, as documented. */
  inputErrors: 2,
} as const;

/**
 * Ends a command with coded diagnostics and an exit code; `main.ts` renders them through the
 * one diagnostics renderer (text, or JSON/SARIF when the command's format asks for it).
 */
export class CliError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly exitCode: number = EXIT.usage,
    /** Source texts for code frames, by file. */
    readonly sources: ReadonlyMap<string, string> = new Map(),
  ) {
    super(diagnostics.map((d) => d.message).join("; "));
  }
}

/** A usage error from the catalog: about the invocation, so it points at no file. */
export function usageError(code: CatalogCode, args: Record<string, string | number> = {}, help?: string): CliError {
  return new CliError([invocationDiagnostic(code, args, help)]);
}

/** A file that could not be read or parsed (`--tenant`, `--schema`, a catalog, a config): CP5001 when it is missing, else `code`. */
export function fileError(
  path: string,
  error: unknown,
  code: CatalogCode = "CP5002",
  args: Record<string, string> = {},
): CliError {
  const reason = errnoReason(error);
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    return new CliError([makeDiagnostic("CP5001", emptySpan(path), { path })]);
  return new CliError([makeDiagnostic(code, emptySpan(path), { path, reason, ...args })]);
}

/** `ENOENT: no such file or directory, open 'x'` -> `no such file or directory`: the path is named already. */
export function errnoReason(error: unknown): string {
  return error instanceof Error
    ? error.message
        .replace(/^[A-Z]+: /, "")
        .replace(/, \w+ '.*'$/, "")
        .split("\n")[0]!
    : String(error);
}

/** A catalog diagnostic about the command line itself (no file, no position). */
export function invocationDiagnostic(
  code: CatalogCode,
  args: Record<string, string | number> = {},
  help?: string,
): Diagnostic {
  return makeDiagnostic(
    code,
    { file: "", start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } },
    args,
    help === undefined ? {} : { help },
  );
}
