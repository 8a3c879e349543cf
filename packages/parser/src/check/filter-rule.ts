import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import type { CatalogCode as DiagnosticCode } from "../diagnostics/codes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { closest } from "../text/closest.js";

/** Rule length limit: Entra's for device filters, applied to Intune filters too (Intune documents none). */
const MAX_RULE_LENGTH = 3072;
/** Parentheses and `-not`s nest at most this deep, so a hostile rule cannot exhaust the stack. */
const MAX_DEPTH = 64;

/** A filter rule value: a string, `True`/`False`, `null`, a list for `-in`/`-notIn`. */
export type FilterRuleValue = string | boolean | null | string[];

/** A parsed filter rule in the Entra/Intune rule syntax, generic over its operator names. */
export type FilterRuleExpr<Op extends string = string> =
  | { kind: "and" | "or"; left: FilterRuleExpr<Op>; right: FilterRuleExpr<Op> }
  | { kind: "not"; operand: FilterRuleExpr<Op> }
  | { kind: "compare"; property: string; operator: Op; value: FilterRuleValue };

/**
 * What differs between Conditional Access device filters and Intune assignment filters:
 * the properties and the operators each takes, the spelling of logical operators and values,
 * and the catalog codes of the refusals.
 */
export interface FilterDialect<Op extends string> {
  /** Operator spellings, lower case and without the dash, to their canonical names. */
  operators: Readonly<Record<string, Op>>;
  /** Property -> operators it takes. */
  properties: Readonly<Record<string, readonly Op[]>>;
  /** Properties compared with `True`/`False`, read as booleans. */
  booleans: ReadonlySet<string>;
  /** Properties whose values may be written unquoted as versions (`-gt 10.0.22000.1000`). */
  versions: ReadonlySet<string>;
  /** Whether `and`/`or`/`not` may be written without the leading dash. */
  bareLogical: boolean;
  /** Whether `$null` spells `null`. */
  dollarNull: boolean;
  /** A reason a known property cannot be used here (e.g. not on the filter's platform), or undefined. */
  unavailable?: (property: string) => { code: DiagnosticCode; args: Record<string, string> } | undefined;
  codes: {
    invalid: DiagnosticCode;
    operator: DiagnosticCode;
    property: DiagnosticCode;
    operatorForProperty: DiagnosticCode;
  };
  /** Help for an unknown property when no name is close. */
  propertyHelp: string;
}

const LOGICAL = new Set(["and", "or", "not"]);

type Token = { kind: "word" | "op" | "string" | "punct" | "number"; text: string; at: number };

/** Thrown inside the recursive descent to stop at the first error (already reported). */
class Stop extends Error {}

/**
 * Parses a rule in the Entra/Intune filter syntax (`device.x -eq "v" -and (...)`) with the
 * documented precedence: comparison > `-not` > `-and` > `-or`. What the dialect refuses
 * (operators, properties, an operator a property does not take) is reported with the
 * dialect's codes, anything else malformed with its `invalid` code and the column.
 */
export function parseFilterRule<Op extends string>(
  rule: string,
  span: Span,
  dialect: FilterDialect<Op>,
): StageResult<FilterRuleExpr<Op> | undefined> {
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(dialect.properties);
  // The rule sits in a string literal: its source column is literal start + quote + offset,
  // plus one for every `"` or `\` before it that the source had to escape.
  const at = (offset: number): Span => {
    const escapes = (rule.slice(0, offset).match(/["\\]/g) ?? []).length;
    const shift = 1 + offset + escapes;
    const start = { ...span.start, column: span.start.column + shift, offset: span.start.offset + shift };
    return { file: span.file, start, end: { ...start, column: start.column + 1, offset: start.offset + 1 } };
  };
  const stop = (offset: number, reason: string): never => {
    const help = 'write comparisons as `device.property -eq "value"` joined by `-and`/`-or`';
    diagnostics.push(
      makeDiagnostic(dialect.codes.invalid, at(offset), {
        reason: `${reason} at column ${offset + 1} of the rule`,
        help,
      }),
    );
    throw new Stop(reason);
  };
  const refuse = (offset: number, code: DiagnosticCode, args: Record<string, string>): never => {
    diagnostics.push(makeDiagnostic(code, at(offset), args));
    throw new Stop(code);
  };

  try {
    if (rule.length > MAX_RULE_LENGTH) stop(MAX_RULE_LENGTH, `the rule is longer than ${MAX_RULE_LENGTH} characters`);
    const tokens = tokenize(rule, stop);
    if (tokens.length === 0) stop(0, "the rule is empty");
    let i = 0;
    let depth = 0;
    const end = rule.length;
    const peek = (): Token | undefined => tokens[i];
    const isLogical = (name: string) => {
      const t = peek();
      return (
        t !== undefined &&
        (t.kind === "op" || (dialect.bareLogical && t.kind === "word")) &&
        t.text.toLowerCase() === name
      );
    };
    const deeper = (offset: number) => {
      if (++depth > MAX_DEPTH) stop(offset, `the rule nests more than ${MAX_DEPTH} levels deep`);
    };

    const orExpr = (): FilterRuleExpr<Op> => {
      let left = andExpr();
      while (isLogical("or")) {
        i++;
        left = { kind: "or", left, right: andExpr() };
      }
      return left;
    };
    const andExpr = (): FilterRuleExpr<Op> => {
      let left = notExpr();
      while (isLogical("and")) {
        i++;
        left = { kind: "and", left, right: notExpr() };
      }
      return left;
    };
    const notExpr = (): FilterRuleExpr<Op> => {
      if (isLogical("not")) {
        deeper(peek()!.at);
        i++;
        const operand = notExpr();
        depth--;
        return { kind: "not", operand };
      }
      if (peek()?.text === "(" && peek()?.kind === "punct") {
        const open = peek()!.at;
        deeper(open);
        i++;
        const inner = orExpr();
        if (peek()?.text !== ")") stop(peek()?.at ?? end, `expected \`)\` to close the \`(\` at column ${open + 1}`);
        i++;
        depth--;
        return inner;
      }
      return comparison();
    };
    const comparison = (): FilterRuleExpr<Op> => {
      const prop = peek();
      if (prop === undefined) return stop(end, "the rule ends too early");
      if (prop.kind !== "word" || !/^device\./i.test(prop.text))
        return stop(prop.at, `expected \`device.<property>\`, found \`${prop.text}\``);
      const name = prop.text.slice("device.".length);
      // Property names are looked up case-insensitively: Entra's own examples write `device.deviceid`
      // and Intune documents properties as case insensitive.
      const property = names.find((p) => p.toLowerCase() === name.toLowerCase());
      if (property === undefined) {
        const guess = closest(name, names);
        return refuse(prop.at, dialect.codes.property, {
          name,
          help: guess !== undefined ? `did you mean \`${guess}\`?` : dialect.propertyHelp,
        });
      }
      const unavailable = dialect.unavailable?.(property);
      if (unavailable !== undefined) refuse(prop.at, unavailable.code, unavailable.args);
      i++;
      const op = peek();
      // Comparison operators may be written with or without the leading `-`.
      const opName =
        (op?.kind === "op" || op?.kind === "word") && !LOGICAL.has(op.text.toLowerCase())
          ? op.text.toLowerCase()
          : undefined;
      if (op === undefined || opName === undefined)
        return stop(op?.at ?? end, `expected an operator such as \`-eq\` after \`device.${property}\``);
      const operator = Object.prototype.hasOwnProperty.call(dialect.operators, opName)
        ? dialect.operators[opName]
        : undefined;
      if (operator === undefined) return refuse(op.at, dialect.codes.operator, { operator: `-${opName}` });
      const allowed = dialect.properties[property]!;
      if (!allowed.includes(operator))
        refuse(op.at, dialect.codes.operatorForProperty, {
          operator: `-${operator}`,
          property,
          help: `\`device.${property}\` takes ${allowed.map((o) => `\`-${o}\``).join(", ")}`,
        });
      i++;
      const valueAt = peek()?.at ?? end;
      const v = operator === "in" || operator === "notIn" ? list(operator) : scalar(property);
      if (v === null && operator !== "eq" && operator !== "ne")
        stop(valueAt, `\`null\` can only be compared with \`-eq\` or \`-ne\``);
      const boolean = dialect.booleans.has(property);
      if (boolean && v !== null && typeof v !== "boolean" && !/^(true|false)$/i.test(String(v)))
        stop(valueAt, `\`device.${property}\` compares with \`True\` or \`False\``);
      return {
        kind: "compare",
        property,
        operator,
        value: typeof v === "string" && boolean ? v.toLowerCase() === "true" : v,
      };
    };
    const list = (operator: Op): string[] => {
      const open = peek();
      if (open?.text !== "[" || open.kind !== "punct")
        return stop(open?.at ?? end, `\`-${operator}\` takes a list such as \`["a", "b"]\``);
      i++;
      const items: string[] = [];
      for (;;) {
        const item = peek();
        if (item === undefined) return stop(end, "expected `]`");
        if (item.kind === "punct" && item.text === "]" && items.length > 0) break;
        if (item.kind !== "string")
          return stop(
            item.at,
            items.length === 0 && item.text === "]" ? "the list is empty" : "list items must be quoted strings",
          );
        items.push(item.text);
        i++;
        if (peek()?.text === ",") i++;
        else if (peek()?.text !== "]") return stop(peek()?.at ?? end, "expected `,` or `]` in the list");
      }
      i++;
      return items;
    };
    const scalar = (property: string): FilterRuleValue => {
      const t = peek();
      if (t === undefined) return stop(end, "expected a value");
      i++;
      if (t.kind === "string") return t.text;
      if (t.kind === "word" && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === "true";
      if (t.kind === "word" && (dialect.dollarNull ? /^\$?null$/i : /^null$/i).test(t.text)) return null;
      if (t.kind === "number" && dialect.versions.has(property)) return t.text;
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
  const re = /\s+|(-[A-Za-z]+)|"((?:[^"\\]|\\.)*)"|([()[\],])|(\$?[A-Za-z_][\w.]*)|(\d[\d.]*)/y;
  let pos = 0;
  while (pos < rule.length) {
    re.lastIndex = pos;
    const m = re.exec(rule);
    if (m === null) stop(pos, rule[pos] === '"' ? "unterminated string" : `unexpected \`${rule[pos]}\``);
    else if (m[1] !== undefined) tokens.push({ kind: "op", text: m[1].slice(1).toLowerCase(), at: pos });
    else if (m[2] !== undefined) tokens.push({ kind: "string", text: m[2].replace(/\\(.)/g, "$1"), at: pos });
    else if (m[3] !== undefined) tokens.push({ kind: "punct", text: m[3], at: pos });
    else if (m[4] !== undefined) tokens.push({ kind: "word", text: m[4], at: pos });
    else if (m[5] !== undefined) tokens.push({ kind: "number", text: m[5], at: pos });
    pos = re.lastIndex;
  }
  return tokens;
}
