import { CATALOG, fillTemplate, type CatalogCode } from "@tenet/parser";

/** A store problem the user can act on, with its catalog code (the CLI exits 2 with it). */
export class HistoryError extends Error {
  readonly code: CatalogCode;
  readonly help: string | undefined;

  constructor(code: CatalogCode, args: Record<string, string | number>) {
    const entry = CATALOG[code] as { message: string; help?: string };
    super(fillTemplate(entry.message, args));
    this.code = code;
    this.help = entry.help === undefined ? undefined : fillTemplate(entry.help, args);
  }
}
