import type { CompareOperator, Expr, PathExpr } from "../ast/nodes.js";
import { isName, K, kw, LITERAL_TYPE } from "../lexer/scan.js";
import { joinSpans } from "../source/span.js";
import { exact, GIVE_UP, TokenCursor } from "./direct-cursor.js";
import { durationLit, literalLit } from "./literals.js";

const OR = kw("or");
const AND = kw("and");
const NOT = kw("not");
const ANY = kw("any");
const ALL = kw("all");
const IN = kw("in");
const WHERE = kw("where");
const WITHIN = kw("within");
const OLDER = kw("older");
const THAN = kw("than");
const IS = kw("is");
const PRESENT = kw("present");
const MISSING = kw("missing");
const STRING_OPS = new Set([kw("startsWith"), kw("endsWith"), kw("contains"), kw("matches")]);
const COMPARE_OPS = new Set<number>([K.EqEq, K.NotEq, K.LtEq, K.GtEq, K.Lt, K.Gt]);

/** Whether an expression can start with a token of this kind (grammar.ts `expr`). */
export function startsExpr(kind: number): boolean {
  return (
    kind === NOT ||
    kind === ANY ||
    kind === ALL ||
    kind === K.LBracket ||
    kind === K.LParen ||
    LITERAL_TYPE[kind] !== undefined ||
    isName(kind)
  );
}

/**
 * The expression rules of grammar.ts, building the AST nodes cst-expr.ts makes from their trees,
 * with the same spans (a node's span runs from its first to its last token).
 */
export class DirectExprParser extends TokenCursor {
  /** Open `unary` rules: past the nesting limit the chevrotain path decides (the scan cannot see quantifier nesting). */
  private depth = 0;

  protected expr(): Expr {
    return this.chain(OR, "or", () => this.chain(AND, "and", () => this.unary()));
  }

  /** `a or b or c` is left-associative: ((a or b) or c). */
  private chain(kind: number, operator: "and" | "or", operand: () => Expr): Expr {
    let result = operand();
    while (this.kind() === kind) {
      this.p++;
      const right = operand();
      result = { kind: "Binary", operator, left: result, right, span: joinSpans(result.span, right.span) };
    }
    return result;
  }

  private unary(): Expr {
    if (++this.depth > this.limits.nesting) throw GIVE_UP;
    const expr = this.unaryAt();
    this.depth--;
    return expr;
  }

  private unaryAt(): Expr {
    const first = this.p;
    const kind = this.kind();
    if (kind === NOT) {
      this.p++;
      const operand = this.unary();
      return { kind: "Not", operand, span: this.spanFrom(first) };
    }
    if (kind !== ANY && kind !== ALL) return this.predicate();
    this.p++;
    if (!isName(this.kind())) throw GIVE_UP;
    const variable = this.ident(this.p++);
    this.expect(IN);
    const collection = this.operand();
    this.expect(WHERE);
    const body = this.expr();
    return {
      kind: "Quantifier",
      quantifier: kind === ALL ? "all" : "any",
      variable,
      collection,
      body,
      span: this.spanFrom(first),
    };
  }

  private predicate(): Expr {
    const first = this.p;
    const subject = this.operand();
    const kind = this.kind();
    if (COMPARE_OPS.has(kind)) {
      const operator = this.image(this.p++) as CompareOperator;
      const right = this.operand();
      return { kind: "Compare", operator, left: subject, right, span: this.spanFrom(first) };
    }
    if (kind === NOT || kind === IN) {
      if (kind === NOT) this.p++;
      this.expect(IN);
      const collection = this.operand();
      return { kind: "In", negated: kind === NOT, element: subject, collection, span: this.spanFrom(first) };
    }
    if (STRING_OPS.has(kind)) {
      const operator = this.image(this.p++) as "startsWith" | "endsWith" | "contains" | "matches";
      const right = this.operand();
      return { kind: "StringOp", operator, left: subject, right, span: this.spanFrom(first) };
    }
    if (kind === WITHIN || kind === OLDER) {
      this.p++;
      if (kind === OLDER) this.expect(THAN);
      const at = this.expect(K.Duration);
      const duration = durationLit(this.convert, this.image(at), this.tokenSpan(at));
      const operator = kind === WITHIN ? "within" : "olderThan";
      return { kind: "Time", operator, subject, duration, span: this.spanFrom(first) };
    }
    if (kind === IS) {
      this.p++;
      const presence = this.kind();
      if (presence !== PRESENT && presence !== MISSING) throw GIVE_UP;
      this.p++;
      return { kind: "Presence", present: presence !== MISSING, subject, span: this.spanFrom(first) };
    }
    return subject;
  }

  protected operand(): Expr {
    const first = this.p;
    const kind = this.kind();
    if (kind === K.LParen) {
      this.p++;
      const inner = this.expr();
      this.expect(K.RParen);
      return { kind: "Paren", inner, span: this.spanFrom(first) };
    }
    const literal = LITERAL_TYPE[kind];
    if (literal !== undefined) {
      this.p++;
      return literalLit(this.convert, literal, this.image(first), this.tokenSpan(first));
    }
    if (kind === K.LBracket) return this.list();
    if (isName(kind)) return this.path();
    throw GIVE_UP;
  }

  private list(): Expr {
    const first = this.p++;
    const elements: Expr[] = [];
    if (startsExpr(this.kind())) {
      elements.push(this.expr());
      while (this.kind() === K.Comma && this.kind(1) !== K.RBracket) {
        this.p++;
        elements.push(this.expr());
      }
      if (this.kind() === K.Comma) this.p++;
    }
    this.expect(K.RBracket);
    return { kind: "List", elements: exact(elements), span: this.spanFrom(first) };
  }

  private path(): PathExpr {
    const segments = [this.ident(this.p++)];
    while (this.kind() === K.Dot) {
      this.p++;
      segments.push(this.ident(this.expectWord()));
    }
    const span = joinSpans(segments[0]!.span, segments[segments.length - 1]!.span);
    return { kind: "Path", segments: segments.length === 1 ? segments : exact(segments), span };
  }
}
