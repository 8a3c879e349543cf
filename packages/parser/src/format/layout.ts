import type { Comment } from "../ast/nodes.js";
import type { Span } from "../source/span.js";

/**
 * Collects output lines and re-attaches comments: a comment before a node is printed on
 * its own line above it, a comment after a node on the same source line stays at the end
 * of that line, and a blank line after a comment block is kept.
 */
export class Layout {
  private readonly lines: string[] = [];
  private readonly comments: Comment[];
  private next = 0;
  indent = 0;

  constructor(comments: readonly Comment[]) {
    this.comments = [...comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  /** Own-line comments that start before `offset`, at the current indentation. */
  leading(offset: number, nextLine: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.span.start.offset < offset) {
      const comment = this.comments[this.next++]!;
      this.push(`#${comment.text}`);
      const following = this.comments[this.next];
      const nextStart =
        following !== undefined && following.span.start.offset < offset ? following.span.start.line : nextLine;
      if (nextStart > comment.span.end.line + 1) this.blank();
    }
  }

  /** A line for a node: its leading comments, the text, and a trailing comment from the node's last line. */
  node(text: string, span: Span): void {
    const start = span.start; // a parsed span works its position out at each read
    this.leading(start.offset, start.line);
    this.push(text);
    this.trailing(span.end.line);
  }

  /** Appends comments that sit on `line` of the source to the last printed line. */
  trailing(line: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.span.start.line <= line) {
      const comment = this.comments[this.next++]!;
      this.lines[this.lines.length - 1] += `  #${comment.text}`;
    }
  }

  push(text: string): void {
    this.lines.push(text.length === 0 ? "" : `${"  ".repeat(this.indent)}${text}`);
  }

  /** One blank line (never two in a row, never at the start). */
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
  }

  /** Replaces the last line (used to close an empty block on its header line). */
  get last(): string {
    return this.lines[this.lines.length - 1] ?? "";
  }
  set last(text: string) {
    this.lines[this.lines.length - 1] = text;
  }

  finish(): string {
    this.leading(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === "") this.lines.pop();
    return this.lines.length === 0 ? "" : `${this.lines.join("\n")}\n`;
  }
}
