import type { Span } from "../source/span.js";

/** How bad a diagnostic is: only `error` makes `tenet lint` exit 3. */
export type Severity = "error" | "warning" | "info";

/** A stable diagnostic code from the catalog in `codes.ts`, e.g. `CP2003`. */
export type DiagnosticCode = `CP${number}`;

/** One finding about a policy, a snapshot or an invocation, with the place it points at. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** Lowercase, no trailing period, identifiers in backticks. */
  message: string;
  span: Span;
  /** A concrete next step, e.g. "did you mean `osVersion`?". */
  help?: string;
  related?: { span: Span; message: string }[];
}

/** What every pipeline stage returns: a value (possibly partial) plus what went wrong. */
export interface StageResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}
