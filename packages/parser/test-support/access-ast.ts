/**
 * Builds access-policy ASTs by hand, so checker tests do not depend on the parser. Every
 * node gets a distinct span (line = creation order) so tests can tell which node a
 * diagnostic points at.
 */
import type {
  AccessClause,
  AccessDecl,
  ConditionClause,
  ControlItem,
  DeviceFilterClause,
  DurationLit,
  Expr,
  GrantClause,
  Ident,
  SelectorItem,
  SessionClause,
  SessionSetting,
  StringLit,
} from "../src/ast/nodes.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import type { Span } from "../src/source/span.js";
import type { AccessCheckContext } from "../src/check/check-access.js";

let line = 0;
/** A fresh span on its own line of `test.tenet`. */
export function at(): Span {
  line++;
  return {
    file: "test.tenet",
    start: { line, column: 3, offset: line * 100 },
    end: { line, column: 30, offset: line * 100 + 27 },
  };
}

export const ident = (name: string): Ident => ({ kind: "Ident", name, span: at() });
export const str = (value: string): StringLit => ({ kind: "String", value, span: at() });

/** `group "a", "b"` is `item("group", "a", "b")`; `all` is `item("all")`. */
export function item(selector: string, ...values: string[]): SelectorItem {
  return { kind: "Selector", selector: ident(selector), values: values.map(str), span: at() };
}

/** `users include all exclude group "bg"` is `cond("users", [item("all")], [item("group", "bg")])`. */
export function cond(keyword: string, include: SelectorItem[], exclude: SelectorItem[] = []): ConditionClause {
  return { kind: "Condition", condition: ident(keyword), include, exclude, span: at() };
}

/** `include` with plain words: `words("clients", "browser", "other")`. */
export const words = (keyword: string, ...include: string[]): ConditionClause =>
  cond(
    keyword,
    include.map((w) => item(w)),
  );

export function state(value: string): AccessClause {
  return { kind: "State", state: ident(value), span: at() };
}

export function control(name: string, ...values: string[]): ControlItem {
  return { kind: "ControlItem", name: ident(name), values: values.map(str), span: at() };
}

/** `grant mfa` is `grant("all", "mfa")`; controls with ids via `control(...)`. */
export function grant(operator: "all" | "any", ...controls: (string | ControlItem)[]): GrantClause {
  return {
    kind: "Grant",
    operator,
    controls: controls.map((c) => (typeof c === "string" ? control(c) : c)),
    span: at(),
  };
}

/** `session signInFrequency 4h, appEnforcedRestrictions`: values are idents, durations or numbers. */
export function session(...settings: [string, (SessionSetting["value"] | string)?][]): SessionClause {
  return {
    kind: "Session",
    settings: settings.map(([name, value]) => {
      const s: SessionSetting = { kind: "SessionSetting", name: ident(name), span: at() };
      if (value !== undefined) s.value = typeof value === "string" ? ident(value) : value;
      return s;
    }),
    span: at(),
  };
}

export function duration(text: string, millis: number): DurationLit {
  return { kind: "Duration", millis, text, span: at() };
}

export function entraFilter(mode: "include" | "exclude", rule: string): DeviceFilterClause {
  return { kind: "DeviceFilter", mode, filter: { kind: "EntraFilter", rule: str(rule) }, span: at() };
}

export function tenetFilter(mode: "include" | "exclude", condition: Expr): DeviceFilterClause {
  return { kind: "DeviceFilter", mode, filter: { kind: "TenetFilter", condition }, span: at() };
}

export function access(name: string, ...clauses: AccessClause[]): AccessDecl {
  return { kind: "Access", name: ident(name), title: str(`${name} title`), clauses, span: at() };
}

/** The clauses every valid policy needs: all users, all apps, MFA. */
export const basics = (): AccessClause[] => [
  cond("users", [item("all")]),
  cond("apps", [item("all")]),
  grant("all", "mfa"),
];

/** A context that records diagnostics and the Tenet filters handed to the general checker. */
export function recordingContext(): AccessCheckContext & { diagnostics: Diagnostic[]; deviceConditions: Expr[] } {
  const diagnostics: Diagnostic[] = [];
  const deviceConditions: Expr[] = [];
  return {
    diagnostics,
    deviceConditions,
    report: (d) => diagnostics.push(d),
    checkDeviceCondition: (e) => deviceConditions.push(e),
  };
}
