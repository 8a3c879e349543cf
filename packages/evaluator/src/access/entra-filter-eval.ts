import type { EntraFilterExpr } from "@tenet/parser";
import { getOwn, MISSING } from "../values/fact-lookup.js";

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

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

function equal(actual: unknown, expected: unknown): boolean {
  if (typeof actual === "boolean" || typeof expected === "boolean")
    return String(actual).toLowerCase() === String(expected).toLowerCase();
  return lower(String(actual)) === lower(String(expected));
}

function compare(operator: string, actual: unknown, expected: string | boolean | null | string[]): boolean {
  const list = Array.isArray(actual) ? actual : undefined;
  const text = typeof actual === "string" ? actual.toLowerCase() : String(actual).toLowerCase();
  const want = typeof expected === "string" ? expected.toLowerCase() : "";
  switch (operator) {
    case "eq":
      return list !== undefined ? list.some((x) => equal(x, expected)) : equal(actual, expected);
    case "ne":
      return list !== undefined ? !list.some((x) => equal(x, expected)) : !equal(actual, expected);
    case "startsWith":
      return text.startsWith(want);
    case "notStartsWith":
      return !text.startsWith(want);
    case "endsWith":
      return text.endsWith(want);
    case "notEndsWith":
      return !text.endsWith(want);
    case "contains":
      return list !== undefined ? list.some((x) => equal(x, expected)) : text.includes(want);
    case "notContains":
      return list !== undefined ? !list.some((x) => equal(x, expected)) : !text.includes(want);
    case "in":
      return Array.isArray(expected) && expected.some((x) => (list ?? [actual]).some((a) => equal(a, x)));
    case "notIn":
      return !(Array.isArray(expected) && expected.some((x) => (list ?? [actual]).some((a) => equal(a, x))));
    default:
      return false;
  }
}
