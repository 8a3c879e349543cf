import type { IToken } from "chevrotain";
import type {
  BooleanLit,
  DateLit,
  DurationLit,
  Ident,
  Literal,
  NumberLit,
  StringLit,
  TimestampLit,
} from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { spanOf, type Convert } from "./cst-read.js";

const UNIT_MILLIS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function identOf(c: Convert, token: IToken): Ident {
  return { kind: "Ident", name: token.image, span: spanOf(c, token) };
}

/*
 * The literal readers below take a token's image and span rather than a chevrotain token, so the
 * direct parser (parse-direct.ts), which never makes token objects, builds the same nodes and
 * diagnostics as the CST conversion.
 */

/** An identifier that recovery could not find: empty name, flagged so later stages stay quiet. */
export function missingIdent(span: Span): Ident {
  return { kind: "Ident", name: "", span, recovered: true };
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", t: "\t", "{": "{", "}": "}" };

/** Decodes a string token's escapes, reporting each invalid one (CP1003) at its column. */
export function stringOf(c: Convert, token: IToken): StringLit {
  return stringLit(c, token.image, spanOf(c, token));
}

export function stringLit(c: Convert, image: string, span: Span): StringLit {
  const raw = image.slice(1, -1);
  if (!raw.includes("\\")) return { kind: "String", value: raw, span };
  let value = "";
  const literalBraces: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const next = raw[i + 1] ?? "";
    if (next === "{" || next === "}") literalBraces.push(value.length);
    if (next in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[next]!;
      i++;
      continue;
    }
    const unicode = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(raw.slice(i + 1));
    const code = unicode === null ? NaN : parseInt(unicode[1]!, 16);
    if (unicode !== null && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) {
      value += String.fromCodePoint(code);
      i += unicode[0].length;
      continue;
    }
    const escape = unicode !== null ? `\\${unicode[0]}` : `\\${next}`;
    const at = span.start.offset + 1 + i;
    const column = span.start.column + 1 + i;
    c.diagnostics.push(
      makeDiagnostic(
        "CP1003",
        {
          file: c.file,
          start: { line: span.start.line, column, offset: at },
          end: { line: span.start.line, column: column + escape.length, offset: at + escape.length },
        },
        { escape },
      ),
    );
    value += next;
    i++;
  }
  return literalBraces.length === 0 ? { kind: "String", value, span } : { kind: "String", value, span, literalBraces };
}

/** Converts a literal token; a calendar-invalid date is reported (CP1004) but still yields a node. */
export function literalOf(c: Convert, token: IToken): Literal {
  return literalLit(c, token.tokenType.name, token.image, spanOf(c, token));
}

/** A literal from its token type's name (`String`, `Number`, `Duration`, `Date`, `Timestamp`, else a boolean). */
export function literalLit(c: Convert, type: string, text: string, span: Span): Literal {
  switch (type) {
    case "String":
      return stringLit(c, text, span);
    case "Number":
      return { kind: "Number", value: Number(text), text, span } satisfies NumberLit;
    case "Duration":
      return durationLit(c, text, span);
    case "Date":
      if (!validDate(text))
        invalid(c, span, "date", text, "write a real calendar date as `YYYY-MM-DD`, e.g. `2027-03-31`");
      return { kind: "Date", value: text, span } satisfies DateLit;
    case "Timestamp": {
      const millis = Date.parse(text);
      if (!validDate(text.slice(0, 10)) || !validClock(text.slice(11)) || Number.isNaN(millis)) {
        invalid(
          c,
          span,
          "timestamp",
          text,
          "write a timestamp as `2027-03-31T00:00:00Z` (UTC) or with an offset such as `+02:00`",
        );
      }
      return { kind: "Timestamp", millis: Number.isNaN(millis) ? 0 : millis, text, span } satisfies TimestampLit;
    }
    default:
      return { kind: "Boolean", value: text === "true", span } satisfies BooleanLit;
  }
}

/**
 * The longest duration: 100 years. Anything longer means "never" in compliance terms, and past
 * about 270,000 years `now + duration` leaves the range of a JavaScript date.
 */
export const MAX_DURATION_MILLIS = 36_500 * UNIT_MILLIS["d"]!;

export function durationOf(c: Convert, token: IToken): DurationLit {
  return durationLit(c, token.image, spanOf(c, token));
}

export function durationLit(c: Convert, text: string, span: Span): DurationLit {
  const match = /^(\d+)([smhdw])$/.exec(text);
  const millis = match === null ? 0 : Number(match[1]) * UNIT_MILLIS[match[2]!]!;
  if (millis > MAX_DURATION_MILLIS)
    invalid(
      c,
      span,
      "duration",
      text,
      'a duration is at most 100 years (`36500d`, `5214w`); for "never", leave the action out',
    );
  return { kind: "Duration", millis, text, span };
}

function invalid(c: Convert, span: Span, kind: string, text: string, help: string): void {
  c.diagnostics.push(makeDiagnostic("CP1004", span, { kind, text, help }));
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function validClock(text: string): boolean {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (m === null) return false;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (offset !== null && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3] ?? 0) <= 59;
}
