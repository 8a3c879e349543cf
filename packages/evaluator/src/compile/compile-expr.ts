// compile: checked expression -> JavaScript closure (never generated source text).
import type { CheckedPolicySet, CompareOperator, Expr, FactType, Literal, PathExpr } from "@tenet/parser";
import { E, F, T, U } from "../values/kleene.js";
import { MISSING, pathReader } from "../values/fact-lookup.js";
import { compareVersionText, MALFORMED_VERSION } from "../values/version.js";
import { DAY_MS } from "../values/temporal.js";
import { compileRegex, factPatternProblem, regexError } from "../values/safe-regex.js";
import {
  compareNormalized,
  equalNormalized,
  MALFORMED,
  normalizeLiteral,
  normalizeValue,
} from "../values/typed-value.js";
import type { CompiledCondition, CompiledGetter, EvalEnv } from "./env.js";
import { comparisonType, elementType, FLIP, isLiteral, resolveLet, typeOf, unparen } from "@tenet/parser";

/** What expression compilation needs from the checked set. */
export type ExprSource = Pick<CheckedPolicySet, "types" | "letTargets">;

/** A `let` definition, as the checker links a name to it. */
type LetDecl = NonNullable<ReturnType<CheckedPolicySet["letTargets"]["get"]>>;

/** Compilation state shared by the expressions of one compiled set. */
export interface ExprCompiler {
  set: ExprSource;
  /** Quantifier variable name -> slot in `EvalEnv.vars`. */
  scope: Map<string, number>;
  /** Slots allocated so far (the size `EvalEnv.vars` needs). */
  slots: number;
  letDepth: number;
  /** `let` values remembered per snapshot so far (the size `EvalEnv.memo` needs). */
  memoSlots: number;
  /** Each `let` compiled once, as a condition and as a value, sharing one remembered slot per use. */
  letConditions: Map<LetDecl, CompiledCondition>;
  letValues: Map<LetDecl, CompiledGetter>;
}

/** Raised for an internal invariant broken during compilation (a checker bug). */
export class CompileError extends Error {
  override name = "CompileError";
}

const MAX_LET_DEPTH = 64;

/** Starts a compiler over a checked set. */
export function newExprCompiler(set: ExprSource): ExprCompiler {
  return { set, scope: new Map(), slots: 0, letDepth: 0, memoSlots: 0, letConditions: new Map(), letValues: new Map() };
}

function opTest(op: CompareOperator): (c: number) => boolean {
  switch (op) {
    case "==":
      return (c) => c === 0;
    case "!=":
      return (c) => c !== 0;
    case "<":
      return (c) => c < 0;
    case "<=":
      return (c) => c <= 0;
    case ">":
      return (c) => c > 0;
    case ">=":
      return (c) => c >= 0;
  }
}

/** A normaliser specialised for a type (numbers, booleans and strings skip the generic switch). */
export function makeNormalizer(type: FactType): (raw: unknown) => unknown {
  switch (type.kind) {
    case "number":
      return (raw) => (raw === MISSING ? MISSING : typeof raw === "number" && Number.isFinite(raw) ? raw : MALFORMED);
    case "boolean":
      return (raw) => (raw === MISSING ? MISSING : typeof raw === "boolean" ? raw : MALFORMED);
    case "string":
      return (raw) => (raw === MISSING ? MISSING : typeof raw === "string" ? raw : MALFORMED);
    default:
      return (raw) => normalizeValue(raw, type);
  }
}

function literalRaw(lit: Literal): unknown {
  switch (lit.kind) {
    case "Duration":
      return lit.millis;
    case "Timestamp":
      return lit.text;
    default:
      return lit.value;
  }
}

/** Compiles an expression used as a value. */
export function compileGetter(c: ExprCompiler, expr: Expr): CompiledGetter {
  const e = unparen(expr);
  switch (e.kind) {
    case "String":
    case "Number":
    case "Boolean":
    case "Duration":
    case "Date":
    case "Timestamp": {
      const v = literalRaw(e);
      return () => v;
    }
    case "List": {
      if (e.elements.every(isLiteral)) {
        const values = e.elements.map((x) => literalRaw(unparen(x) as Literal));
        return () => values;
      }
      const getters = e.elements.map((x) => compileGetter(c, x));
      return (root, env) => getters.map((g) => g(root, env));
    }
    case "Path":
      return compilePath(c, e);
    default: {
      // A condition used as a value: true/false, missing when unknown, malformed on error.
      const cond = compileCondition(c, e);
      return (root, env) => {
        const r = cond(root, env);
        return r === T ? true : r === F ? false : r === U ? MISSING : MALFORMED;
      };
    }
  }
}

function compilePath(c: ExprCompiler, e: PathExpr): CompiledGetter {
  const names = e.segments.map((s) => s.name);
  const head = names[0] as string;
  const slot = c.scope.get(head);
  if (slot !== undefined) {
    const read = pathReader(names.slice(1));
    return (_root, env) => read(env.vars[slot]);
  }
  const target = c.set.letTargets.get(e);
  if (target !== undefined) {
    const inner = letValue(c, target, head);
    if (names.length === 1) return inner;
    const rest = pathReader(names.slice(1));
    return (root, env) => {
      const v = inner(root, env);
      return v === MISSING || v === MALFORMED ? v : rest(v);
    };
  }
  // The reader ignores the env argument, so it serves as the getter itself (one call fewer).
  return pathReader(names.slice(1));
}

/** Compiles an expression used as a condition into a four-valued closure. */
export function compileCondition(c: ExprCompiler, expr: Expr): CompiledCondition {
  const e = unparen(expr);
  switch (e.kind) {
    case "Binary": {
      const l = compileCondition(c, e.left);
      const r = compileCondition(c, e.right);
      if (e.operator === "and") {
        return (root, env) => {
          const a = l(root, env);
          if (a === F) return F;
          const b = r(root, env);
          if (b === F) return F;
          if (a === E || b === E) return E;
          if (a === U || b === U) return U;
          return T;
        };
      }
      return (root, env) => {
        const a = l(root, env);
        if (a === T) return T;
        const b = r(root, env);
        if (b === T) return T;
        if (a === E || b === E) return E;
        if (a === U || b === U) return U;
        return F;
      };
    }
    case "Not": {
      const inner = compileCondition(c, e.operand);
      return (root, env) => {
        const a = inner(root, env);
        return a === T ? F : a === F ? T : a;
      };
    }
    case "Boolean": {
      const v = e.value ? T : F;
      return () => v;
    }
    case "Path": {
      const target = c.set.letTargets.get(e);
      if (target !== undefined && e.segments.length === 1 && !isValueExpr(target.value)) return letCondition(c, target);
      const g = compileGetter(c, e);
      return (root, env) => {
        const v = g(root, env);
        return v === true ? T : v === false ? F : v === MISSING ? U : E;
      };
    }
    case "Compare":
      return compileCompare(c, e.operator, e.left, e.right);
    case "In": {
      const cond = compileMembership(c, e.element, e.collection);
      if (!e.negated) return cond;
      return (root, env) => {
        const a = cond(root, env);
        return a === T ? F : a === F ? T : a;
      };
    }
    case "StringOp":
      return compileStringOp(c, e.operator, e.left, e.right);
    case "Time": {
      const g = compileGetter(c, e.subject);
      const t = typeOf(c.set, e.subject) ?? { kind: "datetime" };
      const scale = t.kind === "date" ? DAY_MS : 1;
      const norm = makeNormalizer(t);
      const d = e.duration.millis;
      if (e.operator === "within") {
        return (root, env) => {
          const v = norm(g(root, env));
          if (v === MISSING) return U;
          if (v === MALFORMED) return E;
          return env.now - (v as number) * scale <= d ? T : F;
        };
      }
      return (root, env) => {
        const v = norm(g(root, env));
        if (v === MISSING) return U;
        if (v === MALFORMED) return E;
        return env.now - (v as number) * scale > d ? T : F;
      };
    }
    case "Presence": {
      const g = compileGetter(c, e.subject);
      if (e.present) return (root, env) => (g(root, env) === MISSING ? F : T);
      return (root, env) => (g(root, env) === MISSING ? T : F);
    }
    case "Quantifier": {
      const coll = compileGetter(c, e.collection);
      const slot = c.slots++;
      const saved = c.scope;
      c.scope = new Map(saved);
      c.scope.set(e.variable.name, slot);
      const body = compileCondition(c, e.body);
      c.scope = saved;
      // `any` stops at the first true element, `all` at the first false; otherwise Kleene over the rest.
      const decisive = e.quantifier === "any" ? T : F;
      const exhausted = e.quantifier === "any" ? F : T;
      return (root, env) => {
        const list = coll(root, env);
        if (list === MISSING) return U;
        if (!Array.isArray(list)) return E;
        let sawE = false;
        let sawU = false;
        const vars = env.vars;
        for (let i = 0; i < list.length; i++) {
          const item: unknown = list[i];
          vars[slot] = item === null || item === undefined ? MISSING : item;
          const r = body(root, env);
          if (r === decisive) return decisive;
          if (r === E) sawE = true;
          else if (r === U) sawU = true;
        }
        return sawE ? E : sawU ? U : exhausted;
      };
    }
    default:
      // A bare literal or list used as a condition: the checker rejects it (CP2007).
      throw new CompileError(`\`${e.kind}\` expression used as a condition`);
  }
}

/**
 * A `let` used as a value, compiled once in the scope of its definition (quantifier variables
 * never leak in) and remembered per snapshot: each `let` is read once per device however many
 * rules use it. A literal (or a list of literals) is returned as it is.
 */
function letValue(c: ExprCompiler, target: LetDecl, name: string): CompiledGetter {
  const known = c.letValues.get(target);
  if (known !== undefined) return known;
  const inner = inLetScope(c, name, () => compileGetter(c, target.value));
  const v = unparen(target.value);
  const constant = isLiteral(v) || (v.kind === "List" && v.elements.every(isLiteral));
  const getter = constant ? inner : remembered(c.memoSlots++, inner);
  c.letValues.set(target, getter);
  return getter;
}

/** A `let` used as a condition: compiled once and remembered per snapshot, like `letValue`. */
function letCondition(c: ExprCompiler, target: LetDecl): CompiledCondition {
  const known = c.letConditions.get(target);
  if (known !== undefined) return known;
  const inner = inLetScope(c, target.name.name, () => compileCondition(c, target.value));
  const cond = remembered(c.memoSlots++, inner) as CompiledCondition;
  c.letConditions.set(target, cond);
  return cond;
}

function inLetScope<R>(c: ExprCompiler, name: string, compileBody: () => R): R {
  if (c.letDepth >= MAX_LET_DEPTH)
    throw new CompileError(`\`let\` nesting deeper than ${MAX_LET_DEPTH} at \`${name}\``);
  c.letDepth++;
  const saved = c.scope;
  c.scope = new Map();
  try {
    return compileBody();
  } finally {
    c.scope = saved;
    c.letDepth--;
  }
}

/**
 * Remembers a closure's result in memo slot `slot` for the snapshot being evaluated. Sound
 * because a `let` reads only the snapshot and the evaluation's settings, never a quantifier
 * variable; an environment no snapshot was begun on (`snapshot` 0) computes every time.
 */
function remembered<R>(slot: number, inner: (root: unknown, env: EvalEnv) => R): (root: unknown, env: EvalEnv) => R {
  return (root, env) => {
    const snapshot = env.snapshot;
    if (snapshot !== 0 && env.stamps[slot] === snapshot) return env.memo[slot] as R;
    const v = inner(root, env);
    if (snapshot !== 0) {
      env.memo[slot] = v;
      env.stamps[slot] = snapshot;
      env.remembered = true;
    }
    return v;
  };
}

/** Whether a `let`'s value is read as a value (a path, list or literal) rather than decided as a condition. */
export function isValueExpr(e: Expr): boolean {
  const u = unparen(e);
  return u.kind === "Path" || u.kind === "List" || isLiteral(u);
}

/**
 * A comparison as both compilers read it: a `let` that names a literal is that literal
 * (compared as one, parsed once at compile time), and a literal sits on the right.
 */
export function orientCompare(
  set: ExprSource,
  operator: CompareOperator,
  l: Expr,
  r: Expr,
): { op: CompareOperator; left: Expr; right: Expr } {
  const lr = resolveLet(set, l);
  const rr = resolveLet(set, r);
  const left = isLiteral(lr) ? lr : l;
  const right = isLiteral(rr) ? rr : r;
  if (isLiteral(left) && !isLiteral(right)) return { op: FLIP[operator], left: right, right: left };
  return { op: operator, left, right };
}

function compileCompare(c: ExprCompiler, operator: CompareOperator, l: Expr, r: Expr): CompiledCondition {
  const type = comparisonType(c.set, l, r);
  const { op, left, right } = orientCompare(c.set, operator, l, r);
  const test = opTest(op);
  const lg = compileGetter(c, left);
  const norm = makeNormalizer(type);
  if (isLiteral(right)) {
    const lit = normalizeLiteral(unparen(right) as Literal, type);
    if (lit === MALFORMED || lit === MISSING) return () => E;
    if (type.kind === "version") {
      const parts = lit as number[];
      return (root, env) => {
        const raw = lg(root, env);
        if (raw === MISSING) return U;
        if (typeof raw !== "string") return E;
        const cmp = compareVersionText(raw, parts, env.less);
        if (cmp === MALFORMED_VERSION) return E;
        return test(cmp) ? T : F;
      };
    }
    if (
      (op === "==" || op === "!=") &&
      (type.kind === "boolean" ||
        type.kind === "string" ||
        type.kind === "number" ||
        (type.kind === "enum" && !type.ordered)) &&
      (typeof lit === "boolean" || typeof lit === "string" || typeof lit === "number")
    ) {
      // Primitive equality: compare the raw value first; only a mismatch needs the type check.
      const kind = typeof lit;
      const eq = op === "==" ? T : F;
      const ne = op === "==" ? F : T;
      return (root, env) => {
        const v = lg(root, env);
        if (v === lit) return eq;
        if (v === MISSING) return U;
        if (typeof v !== kind || (kind === "number" && !Number.isFinite(v))) return E;
        return ne;
      };
    }
    if (op === "==") {
      return (root, env) => {
        const v = norm(lg(root, env));
        if (v === MISSING) return U;
        if (v === MALFORMED) return E;
        return v === lit ? T : F;
      };
    }
    if (op === "!=") {
      return (root, env) => {
        const v = norm(lg(root, env));
        if (v === MISSING) return U;
        if (v === MALFORMED) return E;
        return v !== lit ? T : F;
      };
    }
    if (typeof lit === "number") {
      const n = lit;
      return (root, env) => {
        const v = norm(lg(root, env));
        if (v === MISSING) return U;
        if (v === MALFORMED) return E;
        const x = v as number;
        return test(x < n ? -1 : x > n ? 1 : 0) ? T : F;
      };
    }
    return (root, env) => {
      const v = norm(lg(root, env));
      if (v === MISSING) return U;
      if (v === MALFORMED) return E;
      const cmp = compareNormalized(v, lit, type, "zero");
      if (Number.isNaN(cmp)) return E;
      return test(cmp) ? T : F;
    };
  }
  const rg = compileGetter(c, right);
  return (root, env) => {
    const a = norm(lg(root, env));
    const b = norm(rg(root, env));
    if (a === MALFORMED || b === MALFORMED) return E;
    if (a === MISSING || b === MISSING) return U;
    const cmp = compareNormalized(a, b, type, env.less ? "less" : "zero");
    if (Number.isNaN(cmp)) return E;
    return test(cmp) ? T : F;
  };
}

/** `element in collection` (also list `contains`): Kleene existential over equality. */
function compileMembership(c: ExprCompiler, element: Expr, collection: Expr): CompiledCondition {
  const collType = typeOf(c.set, collection);
  const elemType: FactType = (isLiteral(element) ? undefined : typeOf(c.set, element)) ??
    elementType(collType) ??
    typeOf(c.set, element) ?? { kind: "string" };
  const eg = compileGetter(c, element);
  const norm = makeNormalizer(elemType);
  const coll = resolveLet(c.set, collection);
  if (coll.kind === "List" && coll.elements.every(isLiteral) && elemType.kind !== "version") {
    const values = coll.elements.map((x) => normalizeLiteral(unparen(x) as Literal, elemType));
    const set = new Set(values);
    return (root, env) => {
      const v = norm(eg(root, env));
      if (v === MISSING) return U;
      if (v === MALFORMED) return E;
      return set.has(v) ? T : F;
    };
  }
  const cg = compileGetter(c, collection);
  return (root, env) => {
    const v = norm(eg(root, env));
    const list = cg(root, env);
    const listBad = list !== MISSING && !Array.isArray(list);
    if (v === MALFORMED || listBad) return E;
    if (v === MISSING || list === MISSING) return U;
    const padding = env.less ? "less" : "zero";
    let sawE = false;
    let sawU = false;
    const arr = list as unknown[];
    for (let i = 0; i < arr.length; i++) {
      const raw = arr[i];
      const x = norm(raw === null || raw === undefined ? MISSING : raw);
      if (x === MISSING) sawU = true;
      else if (x === MALFORMED) sawE = true;
      else if (equalNormalized(v, x, elemType, padding)) return T;
    }
    return sawE ? E : sawU ? U : F;
  };
}

function compileStringOp(
  c: ExprCompiler,
  operator: "startsWith" | "endsWith" | "contains" | "matches",
  left: Expr,
  right: Expr,
): CompiledCondition {
  const leftType = typeOf(c.set, left);
  if (operator === "contains" && leftType?.kind === "list") return compileMembership(c, right, left);
  const lg = compileGetter(c, left);
  const str = makeNormalizer({ kind: "string" });
  if (operator === "matches") {
    const r = resolveLet(c.set, right);
    if (r.kind === "String") {
      if (regexError(r.value) !== undefined) return () => E;
      const re = compileRegex(r.value);
      return (root, env) => {
        const v = str(lg(root, env));
        if (v === MISSING) return U;
        if (v === MALFORMED) return E;
        return re.test(v as string) ? T : F;
      };
    }
    const rg = compileGetter(c, right);
    return (root, env) => {
      const v = str(lg(root, env));
      const p = str(rg(root, env));
      if (v === MALFORMED || p === MALFORMED) return E;
      if (v === MISSING || p === MISSING) return U;
      if (factPatternProblem(p as string) !== undefined) return E;
      return compileRegex(p as string).test(v as string) ? T : F;
    };
  }
  const rg = compileGetter(c, right);
  const apply =
    operator === "startsWith"
      ? (a: string, b: string) => a.startsWith(b)
      : operator === "endsWith"
        ? (a: string, b: string) => a.endsWith(b)
        : (a: string, b: string) => a.includes(b);
  return (root, env) => {
    const a = str(lg(root, env));
    const b = str(rg(root, env));
    if (a === MALFORMED || b === MALFORMED) return E;
    if (a === MISSING || b === MISSING) return U;
    return apply(a as string, b as string) ? T : F;
  };
}
