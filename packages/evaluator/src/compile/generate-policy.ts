// compile: a compliance policy's rules -> one generated function deciding them all per snapshot.
import type { CheckedCompliance, CompareOperator, Expr, Literal } from "@tenet/parser";
import { comparisonType, elementType, isLiteral, resolveLet, typeOf, unparen } from "@tenet/parser";
import { MISSING } from "../values/fact-lookup.js";
import { compareVersionText, MALFORMED_VERSION } from "../values/version.js";
import { DAY_MS } from "../values/temporal.js";
import { MALFORMED, normalizeLiteral } from "../values/typed-value.js";
import {
  compileCondition,
  compileGetter,
  isValueExpr,
  makeNormalizer,
  orientCompare,
  type ExprCompiler,
} from "./compile-expr.js";
import type { EvalEnv } from "./env.js";

/**
 * Writes each rule's outcome into `out` (index = the rule's position): a truth value (`values/kleene.ts`)
 * or `RULE_NOT_APPLICABLE` when its `when` is false.
 */
export type PolicyDecider = (root: unknown, env: EvalEnv, out: Uint8Array) => void;

/** The outcome of a rule whose `when` is false. */
export const RULE_NOT_APPLICABLE = 4;

/**
 * Above this much generated source a policy keeps its per-rule closures: V8 does not optimise
 * very large functions, and closures are then faster.
 */
const MAX_SOURCE = 60_000;

/** The generated function's first statement: whether the snapshot is a plain object (see `Generator.read`). */
const PLAIN_ROOT = `const plain = root !== null && typeof root === "object" && getProto(root) === OP;`;

type LetDecl = NonNullable<ReturnType<ExprCompiler["set"]["letTargets"]["get"]>>;

const JS_OP: Record<CompareOperator, string> = { "==": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

/**
 * Generates one function for a policy's rules. Why: with per-rule closures every fact path is
 * read again by each rule (`device.operatingSystem` 16-21 times per device on the mixed-fleet
 * benchmark) through one shared, megamorphic reader; here each root path and each `let` is a
 * local of the function, read or decided at most once per snapshot, with constant property
 * names. Expressions it does not specialise (quantifiers, string operators, ordered
 * comparisons other than numbers and versions) call the closure `compile-expr.ts` makes for
 * them, so both share one meaning. The source holds no text from the policy: property names
 * are emitted through `JSON.stringify`, every other literal is passed in `k`. Returns
 * undefined when the source would be too large.
 */
export function generatePolicy(c: ExprCompiler, policy: CheckedCompliance): PolicyDecider | undefined {
  const g = new Generator(c);
  policy.rules.forEach((rule, i) => {
    g.emit(`// rule ${i}`);
    if (rule.when === undefined) {
      g.emit(`out[${i}] = ${g.cond(rule.require)};`);
      return;
    }
    const w = g.cond(rule.when);
    g.emit(`if (${w} === 0) out[${i}] = ${RULE_NOT_APPLICABLE}; else if (${w} !== 1) out[${i}] = ${w}; else {`);
    g.emit(`out[${i}] = ${g.cond(rule.require)};`);
    g.emit("}");
  });
  const body = `${g.decls.join("\n")}\n${g.lines.join("\n")}`;
  if (body.length > MAX_SOURCE) return undefined;
  // The source is built from the checked AST with no policy text in it (see above).
  const make = new Function(
    "k",
    "hasOwn",
    "MISSING",
    "MALFORMED",
    "compareVersion",
    "getProto",
    "OP",
    `"use strict"; return function decide(root, env, out) {\n${PLAIN_ROOT}\n${body}\n};`,
  ) as (...args: unknown[]) => PolicyDecider;
  return make(
    g.consts,
    Object.prototype.hasOwnProperty,
    MISSING,
    MALFORMED,
    compareVersionText,
    Object.getPrototypeOf,
    Object.prototype,
  );
}

class Generator {
  readonly consts: unknown[] = [];
  readonly decls: string[] = [];
  readonly lines: string[] = [];
  private readonly reads = new Map<string, string>();
  private readonly lets = new Map<LetDecl, string>();
  private n = 0;

  constructor(private readonly c: ExprCompiler) {}

  emit(line: string): void {
    this.lines.push(line);
  }

  private temp(init = ""): string {
    const name = `t${this.n++}`;
    this.decls.push(`let ${name}${init};`);
    return name;
  }

  private constant(v: unknown): string {
    this.consts.push(v);
    return `k[${this.consts.length - 1}]`;
  }

  /** Emits statements deciding `expr`; returns the local (or constant) holding its truth value. */
  cond(expr: Expr): string {
    const e = unparen(expr);
    switch (e.kind) {
      case "Binary": {
        const and = e.operator === "and";
        // Kleene, with the right side decided only when the left does not settle it.
        const r = this.temp();
        this.emit(`${r} = ${this.cond(e.left)};`);
        this.emit(`if (${r} !== ${and ? 0 : 1}) {`);
        const b = this.cond(e.right);
        this.emit(
          `${r} = ${b} === ${and ? 0 : 1} ? ${and ? 0 : 1} : ${r} === 3 || ${b} === 3 ? 3 : ${r} === 2 || ${b} === 2 ? 2 : ${and ? 1 : 0};`,
        );
        this.emit("}");
        return r;
      }
      case "Not":
        return this.negated(this.cond(e.operand));
      case "Boolean":
        return e.value ? "1" : "0";
      case "Path": {
        const target = this.c.set.letTargets.get(e);
        if (target !== undefined && e.segments.length === 1 && !isValueExpr(target.value)) return this.letCond(target);
        const v = this.value(e);
        return this.truth(`${v} === true ? 1 : ${v} === false ? 0 : ${v} === MISSING ? 2 : 3`);
      }
      case "Compare":
        return this.compare(e.operator, e.left, e.right) ?? this.closure(e);
      case "In": {
        const t = this.membership(e.element, e.collection);
        if (t === undefined) return this.closure(e);
        return e.negated ? this.negated(t) : t;
      }
      case "Presence": {
        const v = this.value(e.subject);
        return this.truth(e.present ? `${v} === MISSING ? 0 : 1` : `${v} === MISSING ? 1 : 0`);
      }
      case "Time": {
        const t = typeOf(this.c.set, e.subject) ?? { kind: "datetime" };
        const scale = t.kind === "date" ? DAY_MS : 1;
        const v = this.temp();
        this.emit(`${v} = ${this.constant(makeNormalizer(t))}(${this.value(e.subject)});`);
        const test = e.operator === "within" ? "<=" : ">";
        return this.truth(
          `${v} === MISSING ? 2 : ${v} === MALFORMED ? 3 : env.now - ${v} * ${scale} ${test} ${this.constant(e.duration.millis)} ? 1 : 0`,
        );
      }
      default:
        return this.closure(e);
    }
  }

  private truth(expression: string): string {
    const r = this.temp();
    this.emit(`${r} = ${expression};`);
    return r;
  }

  private negated(t: string): string {
    return this.truth(`${t} === 1 ? 0 : ${t} === 0 ? 1 : ${t}`);
  }

  /** The closure `compile-expr.ts` makes for `e`, called from the generated code. */
  private closure(e: Expr): string {
    return this.truth(`${this.constant(compileCondition(this.c, e))}(root, env)`);
  }

  /** A `let` condition: a local decided on first use (-1 until then). */
  private letCond(target: LetDecl): string {
    const known = this.lets.get(target);
    const name = known ?? this.temp(" = -1");
    if (known === undefined) this.lets.set(target, name);
    this.emit(`if (${name} === -1) {`);
    this.emit(`${name} = ${this.cond(target.value)};`);
    this.emit("}");
    return name;
  }

  /** Emits statements reading `expr` as a value; returns the local holding the raw value, `MISSING` or `MALFORMED`. */
  private value(expr: Expr): string {
    const e = unparen(expr);
    if (e.kind === "Path") {
      const segments = this.rootSegments(e);
      if (segments !== undefined && segments.length > 0) return this.read(segments);
    }
    const v = this.temp();
    this.emit(`${v} = ${this.constant(compileGetter(this.c, e))}(root, env);`);
    return v;
  }

  /**
   * The fact path under the root a path stands for, following `let`s that name a path
   * (`health.bitLockerStatus` with `let health = device.deviceHealthAttestationState`), or
   * undefined when it stands for something else (a quantifier variable, a computed `let`).
   */
  private rootSegments(e: Extract<Expr, { kind: "Path" }>, depth = 0): string[] | undefined {
    const names = e.segments.map((s) => s.name);
    if (this.c.scope.has(names[0] as string)) return undefined;
    const target = this.c.set.letTargets.get(e);
    if (target === undefined) return names.slice(1);
    const inner = unparen(target.value);
    if (inner.kind !== "Path" || depth > 64) return undefined;
    const base = this.rootSegments(inner, depth + 1);
    return base === undefined ? undefined : [...base, ...names.slice(1)];
  }

  /** A root fact path: a local read on first use, own properties only (as `values/fact-lookup.ts`). */
  private read(segments: string[]): string {
    const key = JSON.stringify(segments);
    const known = this.reads.get(key);
    const name = known ?? `f${this.n++}`;
    if (known === undefined) {
      this.reads.set(key, name);
      this.decls.push(`let ${name} = undefined;`);
    }
    this.emit(`if (${name} === undefined) {`);
    const k = JSON.stringify(segments[segments.length - 1]);
    if (segments.length === 1) {
      // \`plain\`: the snapshot's prototype is Object.prototype, so a name Object.prototype does not
      // have (checked at each read: it can change) is the snapshot's own or absent. Read
      // directly, without hasOwn, which cost more than the rest of a read.
      const own = `root !== null && typeof root === "object" && !Array.isArray(root) && hasOwn.call(root, ${k})`;
      this.emit(`let v = plain && !(${k} in OP) ? root[${k}] : ${own} ? root[${k}] : undefined;`);
    } else {
      // The parent's local first: sibling fields of one object read it once.
      const parent = this.read(segments.slice(0, -1));
      this.emit(`let v = ${parent};`);
      this.emit(
        `v = v !== null && typeof v === "object" && !Array.isArray(v) && hasOwn.call(v, ${k}) ? v[${k}] : undefined;`,
      );
    }
    this.emit("if (v === null || v === undefined) v = MISSING;");
    this.emit(`${name} = v;`);
    this.emit("}");
    return name;
  }

  /** The comparisons with a literal that `compile-expr.ts` specialises, or undefined for its closure. */
  private compare(operator: CompareOperator, l: Expr, r: Expr): string | undefined {
    const type = comparisonType(this.c.set, l, r);
    const { op, left, right } = orientCompare(this.c.set, operator, l, r);
    if (!isLiteral(right)) return undefined;
    const lit = normalizeLiteral(unparen(right) as Literal, type);
    if (lit === MALFORMED || lit === MISSING) return "3";
    if (type.kind === "version") {
      const v = this.value(left);
      const cmp = this.temp();
      this.emit(
        `${cmp} = typeof ${v} === "string" ? compareVersion(${v}, ${this.constant(lit)}, env.less) : ${MALFORMED_VERSION};`,
      );
      return this.truth(`${v} === MISSING ? 2 : ${cmp} === ${MALFORMED_VERSION} ? 3 : ${cmp} ${JS_OP[op]} 0 ? 1 : 0`);
    }
    const primitive =
      type.kind === "boolean" ||
      type.kind === "string" ||
      type.kind === "number" ||
      (type.kind === "enum" && !type.ordered);
    if (
      (op === "==" || op === "!=") &&
      primitive &&
      (typeof lit === "boolean" || typeof lit === "string" || typeof lit === "number")
    ) {
      const v = this.value(left);
      const [eq, ne] = op === "==" ? [1, 0] : [0, 1];
      const wrongType =
        typeof lit === "number"
          ? `typeof ${v} !== "number" || !Number.isFinite(${v})`
          : `typeof ${v} !== ${JSON.stringify(typeof lit)}`;
      return this.truth(`${v} === ${this.constant(lit)} ? ${eq} : ${v} === MISSING ? 2 : ${wrongType} ? 3 : ${ne}`);
    }
    if (op === "==" || op === "!=" || typeof lit === "number") {
      const v = this.temp();
      this.emit(`${v} = ${this.constant(makeNormalizer(type))}(${this.value(left)});`);
      const k = this.constant(lit);
      // The three-way form of `compile-expr.ts`, so a value that compares neither way ranks as equal there too.
      const test =
        op === "=="
          ? `${v} === ${k}`
          : op === "!="
            ? `${v} !== ${k}`
            : `(${v} < ${k} ? -1 : ${v} > ${k} ? 1 : 0) ${JS_OP[op]} 0`;
      return this.truth(`${v} === MISSING ? 2 : ${v} === MALFORMED ? 3 : ${test} ? 1 : 0`);
    }
    return undefined;
  }

  /** `element in [literals]` as a set lookup (as `compile-expr.ts` does), or undefined for its closure. */
  private membership(element: Expr, collection: Expr): string | undefined {
    const set = this.c.set;
    const elemType = (isLiteral(element) ? undefined : typeOf(set, element)) ??
      elementType(typeOf(set, collection)) ??
      typeOf(set, element) ?? { kind: "string" };
    const coll = resolveLet(set, collection);
    if (coll.kind !== "List" || !coll.elements.every(isLiteral) || elemType.kind === "version") return undefined;
    const values = new Set(coll.elements.map((x) => normalizeLiteral(unparen(x) as Literal, elemType)));
    const v = this.temp();
    this.emit(`${v} = ${this.constant(makeNormalizer(elemType))}(${this.value(element)});`);
    return this.truth(`${v} === MISSING ? 2 : ${v} === MALFORMED ? 3 : ${this.constant(values)}.has(${v}) ? 1 : 0`);
  }
}
