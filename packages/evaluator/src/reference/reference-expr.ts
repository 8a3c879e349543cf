// reference: a deliberately plain AST walker with the same semantics as the compiled closures.
import type { CheckedPolicySet, CompareOperator, Expr, FactType, Literal } from "@tenet/parser";
import { and3, E, F, not3, or3, T, U, type Truth } from "../values/kleene.js";
import { lookupPath, MISSING } from "../values/fact-lookup.js";
import {
  compareNormalized,
  equalNormalized,
  MALFORMED,
  malformedReason,
  normalizeLiteral,
  normalizeValue,
} from "../values/typed-value.js";
import { factPatternProblem, regexError, regexTest } from "../values/safe-regex.js";
import { DAY_MS } from "../values/temporal.js";
import type { VersionPadding } from "../values/version.js";
import { comparisonType, elementType, isLiteral, typeOf, unparen } from "@tenet/parser";

/** A fact read during a reference walk, with the dotted path as written from the root. */
export interface FactRead {
  path: string;
  value: unknown;
}

/** A value as the reference sees it: missing, malformed (with why), or normalised. */
export type RefValue =
  | { kind: "missing"; path?: string }
  | { kind: "malformed"; path?: string; raw: unknown; reason: string }
  | { kind: "value"; value: unknown; raw: unknown; path?: string };

/** Everything a reference walk needs. */
export interface RefContext {
  set: Pick<CheckedPolicySet, "types" | "letTargets">;
  root: unknown;
  rootName: string;
  now: number;
  padding: VersionPadding;
  /** Quantifier variables in scope: name -> current element and its display path. */
  vars: Map<string, { value: unknown; path: string }>;
  /** Optional trace sink: every fact read. */
  onRead?: (read: FactRead) => void;
  /**
   * Optional: conditions already decided in this context's scope (no quantifier variable
   * bound), so a re-walk for an explanation decides each sub-condition once. Their fact
   * reads were reported the first time; a trace keeps only a path's first read anyway.
   */
  decided?: Map<Expr, Truth>;
}

/** The context a `let` is read in: its definition's scope, without quantifier variables (the same context when none are bound). */
function letScope(ctx: RefContext): RefContext {
  return ctx.vars.size === 0 ? ctx : { ...ctx, vars: new Map() };
}

/** A path's names, split once per path expression (the AST is immutable; explanations re-read paths often). */
interface PathParts {
  head: string;
  /** The names after the head. */
  rest: readonly string[];
  /** `.rest` joined, with its leading dot ("" when there is none). */
  restText: string;
  text: string;
}
const pathParts = new WeakMap<Expr, PathParts>();

function partsOf(expr: Expr & { kind: "Path" }): PathParts {
  let parts = pathParts.get(expr);
  if (parts === undefined) {
    const names = expr.segments.map((s) => s.name);
    const rest = names.slice(1);
    parts = { head: names[0] as string, rest, restText: rest.map((n) => `.${n}`).join(""), text: names.join(".") };
    pathParts.set(expr, parts);
  }
  return parts;
}

/** Reads a path expression: quantifier variable, `let`, or the fact root. */
export function refPath(ctx: RefContext, expr: Expr & { kind: "Path" }): { raw: unknown; path: string } {
  const { head, rest, restText, text } = partsOf(expr);
  const bound = ctx.vars.get(head);
  if (bound !== undefined) {
    const raw = lookupPath(bound.value, rest);
    const path = bound.path + restText;
    if (rest.length > 0) ctx.onRead?.({ path, value: raw === MISSING ? undefined : raw });
    return { raw, path };
  }
  const target = ctx.set.letTargets.get(expr);
  if (target !== undefined) {
    const inner = refOperand(letScope(ctx), target.value, undefined);
    const base = inner.kind === "value" ? inner.raw : inner.kind === "malformed" ? inner.raw : MISSING;
    const raw = rest.length > 0 ? lookupPath(base, rest) : base;
    return { raw, path: (inner.path ?? head) + restText };
  }
  const raw = lookupPath(ctx.root, rest);
  ctx.onRead?.({ path: text, value: raw === MISSING ? undefined : raw });
  return { raw, path: text };
}

function literalRawValue(lit: Literal): unknown {
  if (lit.kind === "Duration") return lit.millis;
  if (lit.kind === "Timestamp") return lit.text;
  return lit.value;
}

/** Evaluates an operand to a typed value (`type` undefined keeps the raw value). */
export function refOperand(ctx: RefContext, expr: Expr, type: FactType | undefined): RefValue {
  const e = unparen(expr);
  let raw: unknown;
  let path: string | undefined;
  if (isLiteral(e)) {
    if (type !== undefined) {
      const v = normalizeLiteral(e as Literal, type);
      if (v === MALFORMED) return { kind: "malformed", raw: literalRawValue(e as Literal), reason: "invalid literal" };
      return { kind: "value", value: v, raw: literalRawValue(e as Literal) };
    }
    raw = literalRawValue(e as Literal);
  } else if (e.kind === "List") {
    raw = e.elements.map((x) => {
      const v = refOperand(ctx, x, undefined);
      return v.kind === "missing" ? MISSING : v.raw;
    });
  } else if (e.kind === "Path") {
    const r = refPath(ctx, e);
    raw = r.raw;
    path = r.path;
  } else {
    const t = refCondition(ctx, e);
    raw = t === T ? true : t === F ? false : t === U ? MISSING : MALFORMED;
  }
  if (raw === MISSING || raw === null || raw === undefined)
    return path === undefined ? { kind: "missing" } : { kind: "missing", path };
  // Literals with and without `path`, not a spread (a slow object copy per operand read).
  if (type === undefined)
    return path === undefined ? { kind: "value", value: raw, raw } : { kind: "value", value: raw, raw, path };
  const v = normalizeValue(raw, type);
  if (v === MALFORMED) {
    const reason = malformedReason(raw, type);
    return path === undefined ? { kind: "malformed", raw, reason } : { kind: "malformed", raw, reason, path };
  }
  return path === undefined ? { kind: "value", value: v, raw } : { kind: "value", value: v, raw, path };
}

/**
 * E if either is malformed, else U if either is missing, else undefined (both present). Two
 * parameters, not a rest list: explanations re-walk rules, and each call allocated the list.
 */
function badness(a: RefValue, b?: RefValue): Truth | undefined {
  if (a.kind === "malformed" || b?.kind === "malformed") return E;
  if (a.kind === "missing" || b?.kind === "missing") return U;
  return undefined;
}

function holds(op: CompareOperator, c: number): boolean {
  if (op === "==") return c === 0;
  if (op === "!=") return c !== 0;
  if (op === "<") return c < 0;
  if (op === "<=") return c <= 0;
  if (op === ">") return c > 0;
  return c >= 0;
}

/** Four-valued truth of a condition, walking the AST directly. */
export function refCondition(ctx: RefContext, expr: Expr): Truth {
  const decided = ctx.decided;
  if (decided === undefined || ctx.vars.size !== 0) return decide(ctx, expr);
  let t = decided.get(expr);
  if (t === undefined) decided.set(expr, (t = decide(ctx, expr)));
  return t;
}

function decide(ctx: RefContext, expr: Expr): Truth {
  const e = unparen(expr);
  switch (e.kind) {
    case "Binary": {
      const a = refCondition(ctx, e.left);
      const b = refCondition(ctx, e.right);
      return e.operator === "and" ? and3(a, b) : or3(a, b);
    }
    case "Not":
      return not3(refCondition(ctx, e.operand));
    case "Boolean":
      return e.value ? T : F;
    case "Path": {
      const target = ctx.set.letTargets.get(e);
      if (target !== undefined && e.segments.length === 1) {
        const inner = unparen(target.value);
        if (!(inner.kind === "Path" || inner.kind === "List" || isLiteral(inner))) {
          return refCondition(letScope(ctx), target.value);
        }
      }
      const v = refOperand(ctx, e, { kind: "boolean" });
      return badness(v) ?? (v.kind === "value" && v.value === true ? T : F);
    }
    case "Compare": {
      const type = comparisonType(ctx.set, e.left, e.right);
      const a = refOperand(ctx, e.left, type);
      const b = refOperand(ctx, e.right, type);
      const bad = badness(a, b);
      if (bad !== undefined) return bad;
      const c = compareNormalized((a as { value: unknown }).value, (b as { value: unknown }).value, type, ctx.padding);
      if (Number.isNaN(c)) return E;
      return holds(e.operator, c) ? T : F;
    }
    case "In": {
      const r = refMember(ctx, e.element, e.collection);
      return e.negated ? not3(r) : r;
    }
    case "StringOp": {
      const lt = typeOf(ctx.set, e.left);
      if (e.operator === "contains" && lt?.kind === "list") return refMember(ctx, e.right, e.left);
      const a = refOperand(ctx, e.left, { kind: "string" });
      const b = refOperand(ctx, e.right, { kind: "string" });
      const bad = badness(a, b);
      if (bad !== undefined) return bad;
      const s = (a as { value: string }).value;
      const p = (b as { value: string }).value;
      switch (e.operator) {
        case "startsWith":
          return s.startsWith(p) ? T : F;
        case "endsWith":
          return s.endsWith(p) ? T : F;
        case "contains":
          return s.includes(p) ? T : F;
        case "matches":
          // A pattern written in the policy is checked by the checker; one read from the snapshot is bounded.
          if ((unparen(e.right).kind === "String" ? regexError(p) : factPatternProblem(p)) !== undefined) return E;
          return regexTest(p, s) ? T : F;
      }
      return E;
    }
    case "Time": {
      const t = typeOf(ctx.set, e.subject) ?? { kind: "datetime" };
      const v = refOperand(ctx, e.subject, t);
      const bad = badness(v);
      if (bad !== undefined) return bad;
      const millis = (v as { value: number }).value * (t.kind === "date" ? DAY_MS : 1);
      const age = ctx.now - millis;
      return (e.operator === "within" ? age <= e.duration.millis : age > e.duration.millis) ? T : F;
    }
    case "Presence": {
      const v = refOperand(ctx, e.subject, undefined);
      const present = v.kind !== "missing";
      return present === e.present ? T : F;
    }
    case "Quantifier": {
      const coll = refOperand(ctx, e.collection, undefined);
      if (coll.kind === "missing") return U;
      if (!Array.isArray(coll.raw)) return E;
      const results: Truth[] = [];
      const base = coll.path ?? e.variable.name;
      (coll.raw as unknown[]).forEach((item, i) => {
        const vars = new Map(ctx.vars);
        vars.set(e.variable.name, {
          value: item === null || item === undefined ? MISSING : item,
          path: `${base}[${i}]`,
        });
        results.push(refCondition({ ...ctx, vars }, e.body));
      });
      return e.quantifier === "any" ? results.reduce<Truth>(or3, F) : results.reduce<Truth>(and3, T);
    }
    default:
      return E;
  }
}

/** Kleene membership: T if some element equals, else E/U if any element (or side) is bad, else F. */
export function refMember(ctx: RefContext, element: Expr, collection: Expr): Truth {
  const collType = typeOf(ctx.set, collection);
  const elemType: FactType = (isLiteral(element) ? undefined : typeOf(ctx.set, element)) ??
    elementType(collType) ??
    typeOf(ctx.set, element) ?? { kind: "string" };
  const v = refOperand(ctx, element, elemType);
  const coll = refOperand(ctx, collection, undefined);
  const collBad: RefValue =
    coll.kind === "value" && !Array.isArray(coll.raw)
      ? { kind: "malformed", raw: coll.raw, reason: "expected a list" }
      : coll;
  const bad = badness(v, collBad);
  if (bad !== undefined) return bad;
  const items = (coll as { raw: unknown[] }).raw;
  let result: Truth = F;
  for (const item of items) {
    const x = item === MISSING || item === null || item === undefined ? MISSING : normalizeValue(item, elemType);
    const r: Truth =
      x === MISSING
        ? U
        : x === MALFORMED
          ? E
          : equalNormalized((v as { value: unknown }).value, x, elemType, ctx.padding)
            ? T
            : F;
    result = or3(result, r);
  }
  return result;
}
