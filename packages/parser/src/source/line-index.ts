import type { Position, Span } from "./span.js";

/**
 * The start offset of every line of a text (`\n`, `\r\n` and a lone `\r` end a line), built in one
 * scan, so each position costs a binary search: thousands of diagnostics in one file stay linear.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** The 1-based line and column of a 0-based offset (clamped to the text). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1, offset };
  }

  span(file: string, offset: number, length: number): Span {
    return { file, start: this.position(offset), end: this.position(offset + Math.max(length, 0)) };
  }

  /** The text of a 1-based line, without its line break; undefined past the end. */
  line(n: number): string | undefined {
    const start = this.starts[n - 1];
    if (start === undefined) return undefined;
    let end = this.starts[n] ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }
}
