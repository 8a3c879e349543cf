import type { Ident, StringLit } from "../ast/nodes.js";
import type { ScanLimits, ScannedTokens } from "../lexer/scan.js";
import { isWord, K } from "../lexer/scan.js";
import { LineStarts, spanClassOf, type OffsetSpanClass } from "../source/offset-span.js";
import type { Span } from "../source/span.js";
import type { Convert } from "./cst-read.js";
import { stringLit } from "./literals.js";

/** Thrown where the direct parser meets anything but a well-formed file; parse() then takes the full path. */
export const GIVE_UP = new Error("not a well-formed policy file (internal: the full parser takes over)");

/**
 * `items` with room for exactly its elements. An array that grew by push keeps room for about 17
 * (some 150 bytes), and most AST lists hold one to three nodes: a path's segments, a rule's clauses.
 */
export function exact<T>(items: T[]): T[] {
  return items.slice();
}

const NAME_SLOTS = 1024;

/** A position in the scanned tokens and the AST pieces made from single tokens. */
export class TokenCursor {
  /** The index of the next token. */
  protected p = 0;
  readonly convert: Convert;
  /** The file's line starts, shared by every span (spans are offsets: source/offset-span.ts). */
  readonly lines: LineStarts;
  readonly Span: OffsetSpanClass;
  /**
   * Names met recently, by a hash of their characters: `device` appears in most conditions of a
   * file, and a name found here is not copied out of the text again. A small table that forgets
   * on collision, not a map of every name: a map of a big file's names (most of them unique rule
   * names) cost more memory, until the next full collection, than the copies it saved.
   */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);

  constructor(
    protected readonly text: string,
    protected readonly t: ScannedTokens,
    file: string,
    protected readonly limits: ScanLimits,
  ) {
    this.convert = { file, diagnostics: [] };
    this.lines = new LineStarts(file, t.lineStarts);
    this.Span = spanClassOf(this.lines);
  }

  protected kind(ahead = 0): number {
    return this.t.kind[this.p + ahead]!;
  }

  /** Consumes a token of `kind` and returns its index; anything else gives up. */
  protected expect(kind: number): number {
    if (this.t.kind[this.p] !== kind) throw GIVE_UP;
    return this.p++;
  }

  protected expectWord(): number {
    if (!isWord(this.t.kind[this.p]!)) throw GIVE_UP;
    return this.p++;
  }

  /** `one (, one)*`: chevrotain's AT_LEAST_ONE_SEP with a comma separator. */
  protected commaList<T>(one: () => T): T[] {
    const out = [one()];
    while (this.t.kind[this.p] === K.Comma) {
      this.p++;
      out.push(one());
    }
    return out.length === 1 ? out : exact(out);
  }

  protected image(i: number): string {
    return this.text.slice(this.t.start[i], this.t.end[i]);
  }

  protected tokenSpan(i: number): Span {
    return new this.Span(this.t.start[i]!, this.t.end[i]!);
  }

  /** The span of the tokens from `first` to the last one consumed (a CST node's location). */
  protected spanFrom(first: number): Span {
    return new this.Span(this.t.start[first]!, this.t.end[this.p - 1]!);
  }

  private name(i: number): string {
    const start = this.t.start[i]!;
    const end = this.t.end[i]!;
    let hash = end - start;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + this.text.charCodeAt(k)) | 0;
    const slot = hash & (NAME_SLOTS - 1);
    const known = this.names[slot];
    if (known !== undefined && known.length === end - start && this.text.startsWith(known, start)) return known;
    return (this.names[slot] = this.text.slice(start, end));
  }

  protected ident(i: number): Ident {
    return { kind: "Ident", name: this.name(i), span: this.tokenSpan(i) };
  }

  protected string(i: number): StringLit {
    const start = this.t.start[i]!;
    const end = this.t.end[i]!;
    const raw = this.text.slice(start + 1, end - 1);
    // Without a backslash the value is the text between the quotes (what stringLit returns).
    if (!raw.includes("\\")) return { kind: "String", value: raw, span: this.tokenSpan(i) };
    return stringLit(this.convert, this.image(i), this.tokenSpan(i));
  }
}
