import type { FactType, Literal } from "@tenet/parser";
import { MISSING } from "./fact-lookup.js";
import { compareVersionParts, parseVersion, type VersionPadding } from "./version.js";
import { DAY_MS, parseDateDays, parseDateTimeMillis } from "./temporal.js";

/**
 * Typed values: a raw snapshot value is normalised once per read into a comparable form
 * (number, string, boolean, version components, epoch millis, day number, enum rank).
 * Shared by the compiled evaluator and the reference interpreter so both agree by design
 * on what a value means; they differ only in how expressions are walked.
 */

/** Marks a value of the wrong shape for its type (the rule becomes `error`). */
export const MALFORMED: unique symbol = Symbol("malformed");

/** Normalises a raw fact value for `type`; `MISSING` stays missing, wrong shapes are `MALFORMED`. */
export function normalizeValue(raw: unknown, type: FactType): unknown {
  if (raw === MISSING || raw === null || raw === undefined) return MISSING;
  switch (type.kind) {
    case "number":
      return typeof raw === "number" && Number.isFinite(raw) ? raw : MALFORMED;
    case "boolean":
      return typeof raw === "boolean" ? raw : MALFORMED;
    case "string":
      return typeof raw === "string" ? raw : MALFORMED;
    case "enum": {
      if (typeof raw !== "string") return MALFORMED;
      if (!type.ordered) return raw;
      const rank = type.values.indexOf(raw);
      return rank < 0 ? MALFORMED : rank;
    }
    case "version": {
      if (typeof raw !== "string") return MALFORMED;
      const p = parseVersion(raw);
      return p.ok ? p.parts : MALFORMED;
    }
    case "datetime": {
      if (typeof raw !== "string") return MALFORMED;
      const ms = parseDateTimeMillis(raw);
      return Number.isNaN(ms) ? MALFORMED : ms;
    }
    case "date": {
      if (typeof raw !== "string") return MALFORMED;
      const d = parseDateDays(raw);
      return Number.isNaN(d) ? MALFORMED : d;
    }
    case "duration":
      return typeof raw === "number" && Number.isFinite(raw) ? raw : MALFORMED;
    case "list":
      return Array.isArray(raw) ? raw : MALFORMED;
    case "object":
      return typeof raw === "object" && !Array.isArray(raw) ? raw : MALFORMED;
    default:
      return raw;
  }
}

/** Why a raw value is malformed for `type` (for explanations). */
export function malformedReason(raw: unknown, type: FactType): string {
  const shown = describeRaw(raw);
  switch (type.kind) {
    case "version": {
      if (typeof raw === "string") {
        const p = parseVersion(raw);
        if (!p.ok) return p.reason;
      }
      return `expected a version string, found ${shown}`;
    }
    case "datetime":
      return `expected an ISO-8601 datetime, found ${shown}`;
    case "date":
      return `expected a date \`YYYY-MM-DD\`, found ${shown}`;
    case "enum":
      return typeof raw === "string"
        ? `\`${raw}\` is not one of ${type.values.join(", ")}`
        : `expected one of ${type.values.join(", ")}, found ${shown}`;
    case "list":
      return `expected a list, found ${shown}`;
    case "object":
      return `expected an object, found ${shown}`;
    default:
      return `expected a ${type.kind}, found ${shown}`;
  }
}

function describeRaw(raw: unknown): string {
  if (typeof raw === "string")
    return raw.length > 60 ? `a string of ${raw.length} characters` : `\`${JSON.stringify(raw)}\``;
  if (Array.isArray(raw)) return "a list";
  if (raw === null) return "null";
  if (typeof raw === "object") return "an object";
  return `\`${String(raw)}\``;
}

/** Normalises a literal for comparison against `type` (the checker has validated it). */
export function normalizeLiteral(lit: Literal, type: FactType): unknown {
  switch (lit.kind) {
    case "Duration":
      return lit.millis;
    case "Timestamp":
      return type.kind === "date" ? Math.floor(lit.millis / DAY_MS) : lit.millis;
    case "Date": {
      const days = parseDateDays(lit.value);
      return type.kind === "datetime" ? days * DAY_MS : days;
    }
    case "Number":
      return lit.value;
    case "Boolean":
      return lit.value;
    case "String":
      return normalizeValue(lit.value, type);
  }
}

/** Orders two normalised values of the same type: -1, 0 or 1. */
export function compareNormalized(a: unknown, b: unknown, type: FactType, padding: VersionPadding): number {
  if (type.kind === "version") return compareVersionParts(a as number[], b as number[], padding);
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return Number.NaN;
}

/** Equality of two normalised values of the same type (versions numerically). */
export function equalNormalized(a: unknown, b: unknown, type: FactType, padding: VersionPadding): boolean {
  if (type.kind === "version") return compareVersionParts(a as number[], b as number[], padding) === 0;
  return a === b;
}
