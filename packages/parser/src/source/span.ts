import { OffsetSpan } from "./offset-span.js";

/** A position in a source file: line and column are 1-based (for people), offset is 0-based (for code). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/**
 * A half-open range `[start, end)` of one source file. The parser's are OffsetSpans, which work out
 * `start` and `end` when read (each read is a new Position); other stages make plain objects.
 */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

/** A span that covers nothing, for synthesized nodes (e.g. recovered or imported ones). */
export function emptySpan(file: string): Span {
  const p = { line: 1, column: 1, offset: 0 };
  return { file, start: p, end: p };
}

/** The smallest span covering both `a` and `b` (which must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  if (a instanceof OffsetSpan && a.sameFile(b)) return a.join(b);
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}
