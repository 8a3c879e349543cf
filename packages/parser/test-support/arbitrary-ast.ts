import fc from "fast-check";
import type { Expr, Ident, Literal } from "../src/ast/nodes.js";
import { emptySpan } from "../src/source/span.js";

const span = emptySpan("generated.tenet");
const NAMES = ["device", "signIn", "app", "min-version", "x", "geräte", "os_build", "a1"];
const SEGMENTS = [...NAMES, "osVersion", "state", "rule", "all", "not", "in", "deviceThreatLevel"];
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

const ident = (pool: string[]) => fc.constantFrom(...pool).map((name): Ident => ({ kind: "Ident", name, span }));

const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }).map((value): Literal => ({ kind: "String", value, span })),
  fc
    .tuple(fc.integer({ min: -999, max: 99_999 }), fc.option(fc.integer({ min: 0, max: 99 })))
    .map(([i, f]): Literal => {
      const text = f === null ? String(i) : `${i}.${f}`;
      return { kind: "Number", value: Number(text), text, span };
    }),
  fc.boolean().map((value): Literal => ({ kind: "Boolean", value, span })),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom(...Object.keys(UNITS)))
    .map(([n, u]): Literal => ({ kind: "Duration", millis: n * UNITS[u]!, text: `${n}${u}`, span })),
  fc
    .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d): Literal => ({ kind: "Date", value: d.toISOString().slice(0, 10), span })),
  fc
    .constantFrom("2027-03-31T00:00:00Z", "2026-11-25T12:30:00.250+02:00")
    .map((text): Literal => ({ kind: "Timestamp", millis: Date.parse(text), text, span })),
);

/** Random expression trees over the whole expression grammar (parentheses only where written). */
export const arbitraryExpr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr; operand: Expr }>((tie) => ({
  operand: fc.oneof(
    { depthSize: "small" },
    literal,
    fc
      .tuple(ident(NAMES), fc.array(ident(SEGMENTS), { maxLength: 3 }))
      .map(([root, rest]): Expr => ({ kind: "Path", segments: [root, ...rest], span })),
    fc.array(tie("operand"), { maxLength: 3 }).map((elements): Expr => ({ kind: "List", elements, span })),
    tie("expr").map((inner): Expr => ({ kind: "Paren", inner, span })),
  ),
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("operand"),
    fc
      .tuple(fc.constantFrom("and", "or" as const), tie("expr"), tie("expr"))
      .map(([operator, left, right]): Expr => ({ kind: "Binary", operator, left, right, span })),
    tie("expr").map((operand): Expr => ({ kind: "Not", operand, span })),
    fc
      .tuple(fc.constantFrom("==", "!=", "<", "<=", ">", ">=" as const), tie("operand"), tie("operand"))
      .map(([operator, left, right]): Expr => ({ kind: "Compare", operator, left, right, span })),
    fc
      .tuple(fc.boolean(), tie("operand"), tie("operand"))
      .map(([negated, element, collection]): Expr => ({ kind: "In", negated, element, collection, span })),
    fc
      .tuple(fc.constantFrom("startsWith", "endsWith", "contains", "matches" as const), tie("operand"), tie("operand"))
      .map(([operator, left, right]): Expr => ({ kind: "StringOp", operator, left, right, span })),
    fc
      .tuple(fc.constantFrom("within", "olderThan" as const), tie("operand"), fc.integer({ min: 1, max: 90 }))
      .map(([operator, subject, n]): Expr => ({
        kind: "Time",
        operator,
        subject,
        duration: { kind: "Duration", millis: n * UNITS["d"]!, text: `${n}d`, span },
        span,
      })),
    fc
      .tuple(fc.boolean(), tie("operand"))
      .map(([present, subject]): Expr => ({ kind: "Presence", present, subject, span })),
    fc
      .tuple(fc.constantFrom("any", "all" as const), ident(["app", "x"]), tie("operand"), tie("expr"))
      .map(([quantifier, variable, collection, body]): Expr => ({
        kind: "Quantifier",
        quantifier,
        variable,
        collection,
        body,
        span,
      })),
  ),
})).expr;
