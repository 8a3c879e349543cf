import type { Literal } from "../ast/nodes.js";

/**
 * The types of the Tenet language. Fact types come from the facts schema (JSON Schema with
 * Tenet's conventions, see `schema/README.md`), never from names.
 */
export type FactType =
  | { kind: "string" }
  /** Bounds come from the schema's `minimum`/`maximum` (used by generators, not by the checker). */
  | { kind: "number"; minimum?: number; maximum?: number }
  | { kind: "boolean" }
  | { kind: "version" }
  | { kind: "datetime" }
  | { kind: "date" }
  | { kind: "duration" }
  /** `ordered` enums compare by rank: the position in `values`. */
  | { kind: "enum"; values: readonly string[]; ordered: boolean }
  | { kind: "list"; element: FactType }
  | { kind: "object"; properties: Readonly<Record<string, FactType>>; open: boolean }
  /** Produced after an error, so one mistake is reported once. */
  | { kind: "error" };

/** Human spelling of a type for messages: `version`, `list of string`, `enum (secured < low ...)`. */
export function describeType(t: FactType): string {
  switch (t.kind) {
    case "enum":
      return t.ordered ? `ordered enum (${t.values.join(" < ")})` : `enum (${t.values.join(", ")})`;
    case "list":
      return `list of ${describeType(t.element)}`;
    case "object":
      return "object";
    case "error":
      return "an erroneous expression";
    default:
      return t.kind;
  }
}

/** The type of a literal: what it is, before any fact gives it a meaning (a string may be read as a version). */
export function literalType(lit: Literal): FactType {
  switch (lit.kind) {
    case "String":
      return { kind: "string" };
    case "Number":
      return { kind: "number" };
    case "Boolean":
      return { kind: "boolean" };
    case "Duration":
      return { kind: "duration" };
    case "Date":
      return { kind: "date" };
    case "Timestamp":
      return { kind: "datetime" };
  }
}
