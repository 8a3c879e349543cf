import type { EntraFilterExpr } from "@tenet/parser";
import { getOwn, MISSING } from "../values/fact-lookup.js";
import { loweredSet, loweredText } from "../values/lowered-set.js";

const NEGATIVE = new Set(["ne", "notStartsWith", "notEndsWith", "notContains", "notIn"]);

/**
 * Evaluates an Entra device-filter rule the way Conditional Access does: strings compare
 * case-insensitively, `-contains` on a collection is element equality, and a property that
 * is null (an unregistered device, or an attribute not reported) makes positive operators
 * false and negative ones true. `-eq null` / `-ne null` test whether the property is null.
 */
export function evaluateEntraFilter(expr: EntraFilterExpr, device: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return evaluateEntraFilter(expr.left, device) && evaluateEntraFilter(expr.right, device);
    case "or":
      return evaluateEntraFilter(expr.left, device) || evaluateEntraFilter(expr.right, device);
    case "not":
      return !evaluateEntraFilter(expr.operand, device);
    case "compare": {
      const actual = readProperty(device, expr.property);
      // `-eq null` / `-ne null` are Entra's null checks; otherwise a null property follows the unregistered-device rule.
      if (expr.value === null) return (actual === MISSING) === (expr.operator === "eq");
      if (actual === MISSING) return NEGATIVE.has(expr.operator);
      return compare(expr.operator, actual, expr.value);
    }
  }
}

/**
 * Entra reports extension attributes only for devices that are Intune-managed, compliant or
 * hybrid joined; for any other device they read as null whatever the snapshot says.
 */
function readProperty(device: unknown, property: string): unknown {
  if (property.startsWith("extensionAttribute")) {
    const reported =
      getOwn(device, "isManaged") === true ||
      getOwn(device, "isCompliant") === true ||
      getOwn(device, "trustType") === "ServerAD";
    if (!reported) return MISSING;
  }
  return getOwn(device, property);
}

/** Whether any of the device's values (one, or each of a collection) is, case ignored, the expected one. */
function anyEqual(values: readonly unknown[], expected: unknown): boolean {
  const want = loweredText(expected);
  return values.some((x) => loweredText(x) === want);
}

function compare(operator: string, actual: unknown, expected: string | boolean | null | string[]): boolean {
  const list = Array.isArray(actual) ? actual : undefined;
  const values = list ?? [actual];
  // Only the string operators need the device value as one text (a collection joined, as Entra reads it).
  const text = () => loweredText(actual);
  const want = typeof expected === "string" ? expected.toLowerCase() : "";
  switch (operator) {
    case "eq":
      return anyEqual(values, expected);
    case "ne":
      return !anyEqual(values, expected);
    case "startsWith":
      return text().startsWith(want);
    case "notStartsWith":
      return !text().startsWith(want);
    case "endsWith":
      return text().endsWith(want);
    case "notEndsWith":
      return !text().endsWith(want);
    case "contains":
      return list !== undefined ? anyEqual(list, expected) : text().includes(want);
    case "notContains":
      return list !== undefined ? !anyEqual(list, expected) : !text().includes(want);
    case "in":
      return Array.isArray(expected) && inList(values, expected);
    case "notIn":
      return !(Array.isArray(expected) && inList(values, expected));
    default:
      return false;
  }
}

function inList(values: readonly unknown[], expected: readonly string[]): boolean {
  const set = loweredSet(expected);
  return values.some((x) => set.has(loweredText(x)));
}
