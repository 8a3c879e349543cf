/** What a token does to nesting: open or close a parenthesis or bracket, end a block, or neither. */
export const Nest = { Paren: 0, Bracket: 1, Close: 2, Brace: 3, Where: 4, Prefix: 5, Other: 6 } as const;
export type Nest = (typeof Nest)[keyof typeof Nest];

/**
 * Nesting as both parsers count it against MAX_NESTING before they recurse: open parentheses and
 * brackets, the run of prefix words (`not`, `any`, `all`) in front of an operand, and open
 * quantifier conditions. A `where` condition runs to the end of its group, so each `where` stays
 * open until the parenthesis around it closes or the block ends. The chevrotain path counts over
 * token names and the direct scanner over its kinds; one counter keeps their limits the same.
 */
export class NestingCount {
  private wheres = [0];
  private openWheres = 0;
  private prefixRun = 0;

  /** Takes the next token and returns the nesting after it. */
  take(nest: Nest): number {
    if (nest === Nest.Paren || nest === Nest.Bracket) this.wheres.push(0);
    else if (nest === Nest.Close) {
      if (this.wheres.length > 1) this.openWheres -= this.wheres.pop()!;
    } else if (nest === Nest.Brace) {
      this.wheres = [0];
      this.openWheres = 0;
    } else if (nest === Nest.Where) {
      this.wheres[this.wheres.length - 1]!++;
      this.openWheres++;
    }
    this.prefixRun = nest === Nest.Prefix ? this.prefixRun + 1 : nest === Nest.Paren ? this.prefixRun : 0;
    return this.wheres.length - 1 + this.openWheres + this.prefixRun;
  }
}
