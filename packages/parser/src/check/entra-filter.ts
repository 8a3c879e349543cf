import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { closest } from "../text/closest.js";
import type { EntraFilterExpr, EntraFilterOperator } from "./access-model.js";

/** Device properties Conditional Access filters may read. */
export const ENTRA_FILTER_PROPERTIES = [
  "deviceId", "displayName", "operatingSystem", "operatingSystemVersion", "trustType", "isCompliant", "isManaged",
  "deviceOwnership", "manufacturer", "model", "profileType", "systemLabels", "physicalIds", "enrollmentProfileName", "mdmAppId",
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];

const OPERATORS: Record<string, EntraFilterOperator> = {
  eq: "eq", ne: "ne", startswith: "startsWith", notstartswith: "notStartsWith", endswith: "endsWith", notendswith: "notEndsWith",
  contains: "contains", notcontains: "notContains", in: "in", notin: "notIn",
};

type Token = { kind: "word" | "op" | "string" | "punct"; text: string; at: number };

/**
 * Parses a device filter in Entra's rule syntax (`device.trustType -eq "AzureAD" -and ...`)
 * with Entra's precedence: comparison > `-not` > `-and` > `-or`. Operators CA filters do not
 * support (`-match`, `-gt`, ...) are refused (CP2046), as Entra refuses them.
 */
export function parseEntraFilter(rule: string, span: Span): StageResult<EntraFilterExpr | undefined> {
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): Span => {
    // The rule sits in a string literal: column = literal start + quote + offset (escapes aside).
    const column = span.start.column + 1 + offset;
    return { file: span.file, start: { ...span.start, column, offset: span.start.offset + 1 + offset }, end: { ...span.start, column: column + 1, offset: span.start.offset + 2 + offset } };
  };
  const fail = (offset: number, reason: string, help = "write comparisons as `device.property -eq \"value\"` joined by `-and`/`-or`") => {
    diagnostics.push(makeDiagnostic("CP2045", at(offset), { reason: `${reason} at column ${offset + 1} of the rule`, help }));
    return { value: undefined, diagnostics };
  };
  const tokens: Token[] = [];
  const re = /\s+|(-[A-Za-z]+)|"((?:[^"\\]|\\.)*)"|([()[\],])|([A-Za-z_][\w.]*)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < rule.length) {
    re.lastIndex = pos;
    m = re.exec(rule);
    if (m === null) return fail(pos, `unexpected \`${rule[pos]}\``);
    if (m[1] !== undefined) tokens.push({ kind: "op", text: m[1].slice(1).toLowerCase(), at: pos });
    else if (m[2] !== undefined) tokens.push({ kind: "string", text: m[2].replace(/\\(.)/g, "$1"), at: pos });
    else if (m[3] !== undefined) tokens.push({ kind: "punct", text: m[3], at: pos });
    else if (m[4] !== undefined) tokens.push({ kind: "word", text: m[4], at: pos });
    pos = re.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const end = rule.length;

  class Stop extends Error {}
  const stop = (offset: number, reason: string, code: "CP2045" | "CP2046" | "CP2047" = "CP2045", args: Record<string, string> = {}) => {
    if (code === "CP2045") fail(offset, reason);
    else diagnostics.push(makeDiagnostic(code, at(offset), args));
    throw new Stop(reason);
  };

  const orExpr = (): EntraFilterExpr => {
    let left = andExpr();
    while (peek()?.kind === "op" && peek()!.text === "or") {
      i++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): EntraFilterExpr => {
    let left = notExpr();
    while (peek()?.kind === "op" && peek()!.text === "and") {
      i++;
      left = { kind: "and", left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): EntraFilterExpr => {
    if (peek()?.kind === "op" && peek()!.text === "not") {
      i++;
      return { kind: "not", operand: notExpr() };
    }
    if (peek()?.kind === "punct" && peek()!.text === "(") {
      i++;
      const inner = orExpr();
      if (peek()?.text !== ")") stop(peek()?.at ?? end, "expected `)`");
      i++;
      return inner;
    }
    return comparison();
  };
  const comparison = (): EntraFilterExpr => {
    const prop = peek();
    if (prop?.kind !== "word" || !prop.text.startsWith("device.")) return stop(prop?.at ?? end, prop === undefined ? "the rule ends too early" : `expected \`device.<property>\`, found \`${prop.text}\``);
    const name = prop.text.slice("device.".length);
    const known = ENTRA_FILTER_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (known === undefined) {
      const guess = closest(name, ENTRA_FILTER_PROPERTIES);
      return stop(prop.at, "unknown property", "CP2047", { name, help: guess !== undefined ? `did you mean \`${guess}\`?` : `filters read ${ENTRA_FILTER_PROPERTIES.slice(0, 8).join(", ")}, ...` });
    }
    i++;
    const op = peek();
    if (op?.kind !== "op") return stop(op?.at ?? end, "expected an operator such as `-eq`");
    const operator = OPERATORS[op.text];
    if (operator === undefined) return stop(op.at, "unsupported operator", "CP2046", { operator: `-${op.text}` });
    i++;
    return { kind: "compare", property: known, operator, value: value(operator) };
  };
  const value = (operator: EntraFilterOperator): string | boolean | null | string[] => {
    const t = peek();
    if (operator === "in" || operator === "notIn") {
      if (t?.text !== "[") return stop(t?.at ?? end, `\`-${operator}\` takes a list such as \`["a", "b"]\``);
      i++;
      const items: string[] = [];
      while (peek() !== undefined && peek()!.text !== "]") {
        const item = peek()!;
        if (item.kind !== "string") return stop(item.at, "list items must be quoted strings");
        items.push(item.text);
        i++;
        if (peek()?.text === ",") i++;
      }
      if (peek()?.text !== "]") return stop(end, "expected `]`");
      i++;
      return items;
    }
    if (t === undefined) return stop(end, "expected a value");
    i++;
    if (t.kind === "string") return t.text;
    if (t.kind === "word" && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === "true";
    if (t.kind === "word" && /^null$/i.test(t.text)) return null;
    return stop(t.at, `expected a quoted string, True or False, found \`${t.text}\``);
  };

  try {
    if (tokens.length === 0) return fail(0, "the rule is empty");
    const expr = orExpr();
    if (i < tokens.length) return fail(tokens[i]!.at, `unexpected \`${tokens[i]!.text}\``);
    return { value: expr, diagnostics };
  } catch (error) {
    if (error instanceof Stop) return { value: undefined, diagnostics };
    throw error;
  }
}
