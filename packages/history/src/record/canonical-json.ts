import { hash } from "node:crypto";

/**
 * JSON with object keys sorted at every level: the same value always gives the same text and hash.
 * A part whose keys are already in order at every level is written by `JSON.stringify` (native, and
 * what it writes for plain data is exactly this text); the rest is built by concatenation, sorting
 * only keys that are out of order. Hashing every outcome and snapshot is much of what recording costs.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return jsonString(value);
  // A finite number is written by JSON.stringify as by String (ECMA-262 SerializeJSONProperty), -0 as 0.
  if (typeof value === "number") return Number.isFinite(value) ? `${value}` : "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (inOrder(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ",";
      const v: unknown = value[i];
      text += v === undefined ? "null" : canonicalJson(v);
    }
    return `${text}]`;
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  let text = "{";
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    text += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${text}}`;
}

// What JSON.stringify escapes in a string: quotes, backslashes, control characters and lone
// surrogates (every surrogate is sent to it here, paired or not).
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify` of a string: the string in quotes when it has nothing to escape, found by one
 * regular-expression test. Half the cost of the call for the short strings an outcome or a
 * snapshot's volatile fields are made of, written for every device of a daily run.
 */
export function jsonString(value: string): string {
  return ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * Whether `JSON.stringify` writes this value as `canonicalJson` does: plain objects and arrays
 * only (no `toJSON`, such as a Date's, and no functions or symbols, which the two write
 * differently), every object's keys in ascending order.
 */
function inOrder(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type !== "object") return type !== "function" && type !== "symbol";
  if (Array.isArray(value)) {
    for (const v of value) if (!inOrder(v)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = value as Record<string, unknown>;
  let previous: string | undefined;
  for (const k of Object.keys(o)) {
    if (previous !== undefined && !(previous < k)) return false;
    previous = k;
    if (!inOrder(o[k])) return false;
  }
  return true;
}

/**
 * sha256 in hex of a text (as UTF-8) or of bytes, in one call (`crypto.hash`, Node 20.12 on):
 * about half what a Hash object costs for the short texts hashed per device.
 */
export function sha256(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}
