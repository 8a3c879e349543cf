import type { Position, Span } from "./span.js";

/**
 * The start offset of every line of one parsed file, for spans kept as offsets (OffsetSpan).
 * The scanner records the starts as it reads the text, by its own line ends (`\n`, `\r\n`, a lone
 * `\r`), so the positions worked out here are those its tokens had.
 */
export class LineStarts {
  constructor(
    readonly file: string,
    private readonly starts: Int32Array,
  ) {}

  /** The 1-based line and column of a 0-based offset. */
  position(offset: number): Position {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset };
  }
}

/*
 * A span of a parsed file as two offsets. Spans are one object per AST node, and with two
 * Position objects each they were most of the memory a big file costs (issue 21: 10 MB of policy
 * held 237 MB of heap, two thirds of it spans and positions); line and column are worked out from
 * the file's line starts when read, which diagnostics and the formatter do for few nodes.
 * `start` and `end` make a new Position at each read; toJSON writes the same text as a plain Span.
 * The line starts sit on the prototype of a class made per file (spanClassOf), so a span holds
 * its two offsets and nothing else.
 */
export abstract class OffsetSpan implements Span {
  protected abstract readonly lines: LineStarts;

  // Assigned, not class fields: a field initialiser took a seventh of a big file's parse time.
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(startOffset: number, endOffset: number) {
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }

  get file(): string {
    return this.lines.file;
  }

  get start(): Position {
    return this.lines.position(this.startOffset);
  }

  get end(): Position {
    return this.lines.position(this.endOffset);
  }

  /** The span from the first start to the last end (joinSpans, for two spans of one file). */
  join(other: OffsetSpan): OffsetSpan {
    const FileSpan = this.constructor as OffsetSpanClass;
    return new FileSpan(Math.min(this.startOffset, other.startOffset), Math.max(this.endOffset, other.endOffset));
  }

  sameFile(other: Span): other is OffsetSpan {
    return other instanceof OffsetSpan && other.lines === this.lines;
  }

  toJSON(): Span {
    return { file: this.file, start: this.start, end: this.end };
  }
}

export type OffsetSpanClass = new (startOffset: number, endOffset: number) => OffsetSpan;

/** The span class of one file, its line starts on the prototype. */
export function spanClassOf(lines: LineStarts): OffsetSpanClass {
  class FileSpan extends OffsetSpan {
    declare protected readonly lines: LineStarts;
  }
  Object.defineProperty(FileSpan.prototype, "lines", { value: lines });
  return FileSpan;
}
