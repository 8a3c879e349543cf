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

/**
 * The types of literals, one object each: the checker records a type for every literal of every
 * condition (CheckedPolicySet.types), and types are never changed once made.
 */
const LITERAL_TYPES: Readonly<Record<Literal["kind"], FactType>> = {
  String: { kind: "string" },
  Number: { kind: "number" },
  Boolean: { kind: "boolean" },
  Duration: { kind: "duration" },
  Date: { kind: "date" },
  Timestamp: { kind: "datetime" },
};

/** The type of a literal: what it is, before any fact gives it a meaning (a string may be read as a version). */
export function literalType(lit: Literal): FactType {
  return LITERAL_TYPES[lit.kind];
}
