import type { Expr } from "@tenet/parser";
import { E, F, T, U } from "../values/kleene.js";
import { MISSING } from "../values/fact-lookup.js";
import { MALFORMED, malformedReason, normalizeValue } from "../values/typed-value.js";
import { refCondition, refOperand, type RefContext } from "../reference/reference-expr.js";
import { comparisonType, isLiteral, typeOf, unparen } from "@tenet/parser";
import type { TraceEvent } from "./trace.js";
import { hasZone, parseDateTimeMillis } from "../values/temporal.js";

const MAX_LEAVES = 32;
const MAX_ELEMENTS = 8;

/**
 * Walks `expr` again and emits a `leaf` event for every leaf condition responsible for it
 * not having the wanted truth (`wanted` true: the rule needed it to hold). `and` blames its
 * failing sides, `or` all sides, `not` flips what is wanted; quantifiers blame the first few
 * offending elements.
 */
export function blame(
  ctx: RefContext,
  expr: Expr,
  wanted: boolean,
  emit: (ev: TraceEvent) => void,
  budget = { left: MAX_LEAVES },
): void {
  if (budget.left <= 0) return;
  const e = unparen(expr);
  const good = wanted ? T : F;
  switch (e.kind) {
    case "Binary": {
      const a = refCondition(ctx, e.left);
      const b = refCondition(ctx, e.right);
      // Blame a side only when it contributes to the wrong outcome.
      const isAndLike = (e.operator === "and") === wanted;
      if (isAndLike) {
        // Conjunctive for the wanted truth: every side that is not good is to blame.
        if (a !== good) blame(ctx, e.left, wanted, emit, budget);
        if (b !== good) blame(ctx, e.right, wanted, emit, budget);
      } else {
        // Disjunctive: no side was good, so both are to blame.
        blame(ctx, e.left, wanted, emit, budget);
        blame(ctx, e.right, wanted, emit, budget);
      }
      return;
    }
    case "Not":
      blame(ctx, e.operand, !wanted, emit, budget);
      return;
    case "Quantifier": {
      const coll = refOperand(ctx, e.collection, undefined);
      if (coll.kind !== "value" || !Array.isArray(coll.raw)) {
        leaf(ctx, e, wanted, emit, budget);
        return;
      }
      const items = coll.raw as unknown[];
      // For `any` and `all` alike, each element's body needed the wanted truth; blame those that lacked it.
      const bodyWanted = wanted;
      const base = coll.path ?? e.variable.name;
      let shown = 0;
      if (items.length === 0) {
        leaf(ctx, e, wanted, emit, budget);
        return;
      }
      for (let i = 0; i < items.length && shown < MAX_ELEMENTS; i++) {
        const item = items[i];
        const vars = new Map(ctx.vars);
        vars.set(e.variable.name, {
          value: item === null || item === undefined ? MISSING : item,
          path: `${base}[${i}]`,
        });
        const sub = { ...ctx, vars };
        const r = refCondition(sub, e.body);
        if (r !== (bodyWanted ? T : F)) {
          blame(sub, e.body, bodyWanted, emit, budget);
          shown++;
        }
      }
      return;
    }
    default:
      leaf(ctx, e, wanted, emit, budget);
  }
}

function leaf(
  ctx: RefContext,
  e: Expr,
  wanted: boolean,
  emit: (ev: TraceEvent) => void,
  budget: { left: number },
): void {
  budget.left--;
  const truth = refCondition(ctx, e);
  const subject = subjectOf(e);
  let path: string | undefined;
  let actual: unknown;
  let reason: string | undefined;
  if (subject !== undefined) {
    const type = subjectType(ctx, e, subject);
    const v = refOperand(ctx, subject, undefined);
    path = v.path;
    actual = v.kind === "missing" ? undefined : v.raw;
    if (v.kind === "value" && type !== undefined && normalizeValue(v.raw, type) === MALFORMED) {
      reason = malformedReason(v.raw, type);
    }
  }
  let note: string | undefined;
  if (
    typeof actual === "string" &&
    subject !== undefined &&
    typeOf(ctx.set, subject)?.kind === "datetime" &&
    !hasZone(actual)
  ) {
    const parsed = parseDateTimeMillis(actual);
    if (!Number.isNaN(parsed)) note = `\`${path ?? "value"}\` has no time zone and was read as UTC`;
  }
  if (truth === E && reason === undefined) reason = "the value cannot be used here";
  if (truth === U && reason === undefined) reason = `fact \`${path ?? "?"}\` is missing`;
  // Optional fields assigned, not spread: a spread copies the object slowly, once per blamed leaf.
  const ev: TraceEvent & { kind: "leaf" } = { kind: "leaf", expr: e, truth, wanted, actual: truncate(actual) };
  if (path !== undefined) ev.path = path;
  if (reason !== undefined) ev.reason = reason;
  if (note !== undefined) ev.note = note;
  emit(ev);
  void F;
}

/** The operand a leaf is about: the non-literal side of a comparison, the subject of a test. */
export function subjectOf(e: Expr): Expr | undefined {
  switch (e.kind) {
    case "Compare":
      return isLiteral(e.left) && !isLiteral(e.right) ? e.right : e.left;
    case "In":
      return isLiteral(e.element) ? e.collection : e.element;
    case "StringOp":
      return e.left;
    case "Time":
    case "Presence":
      return e.subject;
    case "Quantifier":
      return e.collection;
    case "Path":
      return e;
    default:
      return undefined;
  }
}

function subjectType(ctx: RefContext, e: Expr, subject: Expr) {
  if (e.kind === "Compare") return comparisonType(ctx.set, e.left, e.right);
  if (e.kind === "StringOp") return typeOf(ctx.set, e.left)?.kind === "list" ? undefined : { kind: "string" as const };
  if (e.kind === "Path") return { kind: "boolean" as const };
  if (e.kind === "Presence" || e.kind === "Quantifier") return undefined;
  return typeOf(ctx.set, subject);
}

/**
 * Keeps explanations bounded and safe to serialise: long strings (a 50 MB fact) are
 * shortened, lists and objects are copied to a small depth and width, so a snapshot nested
 * 100,000 levels deep never reaches `JSON.stringify` through a result.
 */
export function truncate(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return v.length > 256 ? `${v.slice(0, 256)}… (${v.length} characters)` : v;
  if (v === null || typeof v !== "object") return v;
  if (depth >= 4) return Array.isArray(v) ? `<list of ${v.length} items>` : "<object>";
  if (Array.isArray(v)) {
    const items = v.slice(0, 32).map((x) => truncate(x, depth + 1));
    if (v.length > 32) items.push(`… (${v.length} items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length && i < 32; i++) {
    const k = keys[i] as string;
    const value = truncate((v as Record<string, unknown>)[k], depth + 1);
    // defineProperty for `__proto__`, so it stays plain data in the copy (assignment would set
    // the copy's prototype); plain assignment otherwise, which is much faster.
    if (k === "__proto__")
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  if (keys.length > 32) out["…"] = `${keys.length} keys`;
  return out;
}
