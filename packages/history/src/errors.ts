import { makeDiagnostic, type CatalogCode } from "@tenet/parser";

/** A store problem the user can act on, with its catalog code and arguments (the CLI shows it as a diagnostic, exit 2). */
export class HistoryError extends Error {
  readonly help: string | undefined;

  constructor(
    readonly code: CatalogCode,
    readonly args: Record<string, string | number>,
  ) {
    const at = { line: 0, column: 0, offset: 0 };
    const diagnostic = makeDiagnostic(code, { file: "", start: at, end: at }, args);
    super(diagnostic.message);
    this.help = diagnostic.help;
  }
}
