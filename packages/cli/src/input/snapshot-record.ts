import { emptySpan, makeDiagnostic, type CatalogCode, type Diagnostic } from "@tenet/parser";

/** One input record: a snapshot, or the reason it could not be read. Every record yields one output record. */
export interface SnapshotRecord {
  /** File the record came from (`-` for standard input). */
  source: string;
  /** 1-based line: of the NDJSON record, or where the element of a JSON array or Graph list starts. */
  line?: number;
  /** 0-based position in the whole input. */
  index: number;
  value?: unknown;
  /** For YAML: the snapshot with every scalar as its text, to keep `10.0` a string where the schema wants one. */
  text?: unknown;
  /** An NDJSON line's UTF-8 bytes, not decoded or parsed yet (parallel runs do both on the worker threads). */
  raw?: Uint8Array;
  /**
   * An NDJSON line's text when it was decoded together with others (a worker's ASCII batch):
   * `parseRaw` reads it instead of decoding `raw`, which may then be left out.
   */
  rawText?: string;
  /** Set when validation replaced Graph "not reported" placeholders in `value`: it is no longer what its bytes say. */
  cleared?: true;
  error?: Diagnostic;
}

export function errorRecord(
  source: string,
  index: number,
  line: number | undefined,
  code: CatalogCode,
  args: Record<string, string | number>,
): SnapshotRecord {
  const span = emptySpan(source);
  if (line !== undefined) span.start = span.end = { line, column: 1, offset: 0 };
  return { source, index, ...(line === undefined ? {} : { line }), error: makeDiagnostic(code, span, args) };
}
