import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { closest } from "../text/closest.js";
import type { EntraFilterExpr, EntraFilterOperator } from "./access-model.js";
import { ENTRA_BOOLEAN_PROPERTIES, ENTRA_FILTER_OPERATORS, ENTRA_FILTER_PROPERTIES } from "./entra-filter-properties.js";

export { ENTRA_FILTER_PROPERTIES };

/** Entra's rule length limit for device filters. */
const MAX_RULE_LENGTH = 3072;

const OPERATORS: Record<string, EntraFilterOperator> = {
  eq: "eq", ne: "ne", startswith: "startsWith", notstartswith: "notStartsWith", endswith: "endsWith", notendswith: "notEndsWith",
  contains: "contains", notcontains: "notContains", in: "in", notin: "notIn",
};
const LOGICAL = new Set(["and", "or", "not"]);

type Token = { kind: "word" | "op" | "string" | "punct"; text: string; at: number };
type Value = string | boolean | null | string[];

/** Thrown inside the recursive descent to stop at the first error (already reported). */
class Stop extends Error {}

/**
 * Parses a device filter in Entra's rule syntax (`device.trustType -eq "AzureAD" -and ...`)
 * with Entra's precedence: comparison > `-not` > `-and` > `-or`. What Entra refuses is
 * refused here: unsupported operators (CP2046), unknown properties (CP2047), an operator a
 * property does not take (CP2050), anything else malformed (CP2045, with the column).
 */
export function parseEntraFilter(rule: string, span: Span): StageResult<EntraFilterExpr | undefined> {
  const diagnostics: Diagnostic[] = [];
  // The rule sits in a string literal: its source column is literal start + quote + offset,
  // plus one for every `"` or `\` before it that the source had to escape.
  const at = (offset: number): Span => {
    const escapes = (rule.slice(0, offset).match(/["\\]/g) ?? []).length;
    const shift = 1 + offset + escapes;
    const start = { ...span.start, column: span.start.column + shift, offset: span.start.offset + shift };
    return { file: span.file, start, end: { ...start, column: start.column + 1, offset: start.offset + 1 } };
  };
  const stop = (offset: number, reason: string): never => {
    const help = "write comparisons as `device.property -eq \"value\"` joined by `-and`/`-or`";
    diagnostics.push(makeDiagnostic("CP2045", at(offset), { reason: `${reason} at column ${offset + 1} of the rule`, help }));
    throw new Stop(reason);
  };
  const refuse = (offset: number, code: "CP2046" | "CP2047" | "CP2050", args: Record<string, string>): never => {
    diagnostics.push(makeDiagnostic(code, at(offset), args));
    throw new Stop(code);
  };

  try {
    if (rule.length > MAX_RULE_LENGTH) stop(MAX_RULE_LENGTH, `the rule is longer than ${MAX_RULE_LENGTH} characters`);
    const tokens = tokenize(rule, stop);
    if (tokens.length === 0) stop(0, "the rule is empty");
    let i = 0;
    const end = rule.length;
    const peek = (): Token | undefined => tokens[i];
    const isOp = (name: string) => peek()?.kind === "op" && peek()!.text === name;

    const orExpr = (): EntraFilterExpr => {
      let left = andExpr();
      while (isOp("or")) {
        i++;
        left = { kind: "or", left, right: andExpr() };
      }
      return left;
    };
    const andExpr = (): EntraFilterExpr => {
      let left = notExpr();
      while (isOp("and")) {
        i++;
        left = { kind: "and", left, right: notExpr() };
      }
      return left;
    };
    const notExpr = (): EntraFilterExpr => {
      if (isOp("not")) {
        i++;
        return { kind: "not", operand: notExpr() };
      }
      if (peek()?.text === "(" && peek()?.kind === "punct") {
        const open = peek()!.at;
        i++;
        const inner = orExpr();
        if (peek()?.text !== ")") stop(peek()?.at ?? end, `expected \`)\` to close the \`(\` at column ${open + 1}`);
        i++;
        return inner;
      }
      return comparison();
    };
    const comparison = (): EntraFilterExpr => {
      const prop = peek();
      if (prop === undefined) return stop(end, "the rule ends too early");
      if (prop.kind !== "word" || !/^device\./i.test(prop.text)) return stop(prop.at, `expected \`device.<property>\`, found \`${prop.text}\``);
      const name = prop.text.slice("device.".length);
      // Property names are looked up case-insensitively: Entra's own examples write `device.deviceid`.
      const property = ENTRA_FILTER_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
      if (property === undefined) {
        const guess = closest(name, ENTRA_FILTER_PROPERTIES);
        return refuse(prop.at, "CP2047", { name, help: guess !== undefined ? `did you mean \`${guess}\`?` : `filters read ${ENTRA_FILTER_PROPERTIES.slice(0, 15).join(", ")} and extensionAttribute1 to 15` });
      }
      i++;
      const op = peek();
      // Entra accepts comparison operators with or without the leading `-`.
      const opName = (op?.kind === "op" || op?.kind === "word") && !LOGICAL.has(op.text.toLowerCase()) ? op.text.toLowerCase() : undefined;
      if (op === undefined || opName === undefined) return stop(op?.at ?? end, `expected an operator such as \`-eq\` after \`device.${property}\``);
      const operator = OPERATORS[opName];
      if (operator === undefined) return refuse(op.at, "CP2046", { operator: `-${opName}` });
      const allowed = ENTRA_FILTER_OPERATORS[property]!;
      if (!allowed.includes(operator)) refuse(op.at, "CP2050", { operator: `-${operator}`, property, help: `\`device.${property}\` takes ${allowed.map((o) => `\`-${o}\``).join(", ")}` });
      i++;
      const valueAt = peek()?.at ?? end;
      const v = operator === "in" || operator === "notIn" ? list(operator) : scalar();
      if (v === null && operator !== "eq" && operator !== "ne") stop(valueAt, `\`null\` can only be compared with \`-eq\` or \`-ne\``);
      if (ENTRA_BOOLEAN_PROPERTIES.has(property) && v !== null && typeof v !== "boolean" && !/^(true|false)$/i.test(String(v))) {
        stop(valueAt, `\`device.${property}\` compares with \`True\` or \`False\``);
      }
      return { kind: "compare", property, operator, value: typeof v === "string" && ENTRA_BOOLEAN_PROPERTIES.has(property) ? v.toLowerCase() === "true" : v };
    };
    const list = (operator: EntraFilterOperator): string[] => {
      const open = peek();
      if (open?.text !== "[" || open.kind !== "punct") return stop(open?.at ?? end, `\`-${operator}\` takes a list such as \`["a", "b"]\``);
      i++;
      const items: string[] = [];
      for (;;) {
        const item = peek();
        if (item === undefined) return stop(end, "expected `]`");
        if (item.kind === "punct" && item.text === "]" && items.length > 0) break;
        if (item.kind !== "string") return stop(item.at, items.length === 0 && item.text === "]" ? "the list is empty" : "list items must be quoted strings");
        items.push(item.text);
        i++;
        if (peek()?.text === ",") i++;
        else if (peek()?.text !== "]") return stop(peek()?.at ?? end, "expected `,` or `]` in the list");
      }
      i++;
      return items;
    };
    const scalar = (): Value => {
      const t = peek();
      if (t === undefined) return stop(end, "expected a value");
      i++;
      if (t.kind === "string") return t.text;
      if (t.kind === "word" && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === "true";
      if (t.kind === "word" && /^null$/i.test(t.text)) return null;
      return stop(t.at, `expected a quoted string, \`True\`, \`False\` or \`null\`, found \`${t.text}\``);
    };

    const expr = orExpr();
    if (i < tokens.length) stop(tokens[i]!.at, `unexpected \`${tokens[i]!.text}\``);
    return { value: expr, diagnostics };
  } catch (error) {
    if (error instanceof Stop) return { value: undefined, diagnostics };
    throw error;
  }
}

function tokenize(rule: string, stop: (offset: number, reason: string) => never): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|(-[A-Za-z]+)|"((?:[^"\\]|\\.)*)"|([()[\],])|([A-Za-z_][\w.]*)/y;
  let pos = 0;
  while (pos < rule.length) {
    re.lastIndex = pos;
    const m = re.exec(rule);
    if (m === null) stop(pos, rule[pos] === '"' ? "unterminated string" : `unexpected \`${rule[pos]}\``);
    else if (m[1] !== undefined) tokens.push({ kind: "op", text: m[1].slice(1).toLowerCase(), at: pos });
    else if (m[2] !== undefined) tokens.push({ kind: "string", text: m[2].replace(/\\(.)/g, "$1"), at: pos });
    else if (m[3] !== undefined) tokens.push({ kind: "punct", text: m[3], at: pos });
    else if (m[4] !== undefined) tokens.push({ kind: "word", text: m[4], at: pos });
    pos = re.lastIndex;
  }
  return tokens;
}
