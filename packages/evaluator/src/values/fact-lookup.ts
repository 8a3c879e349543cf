/**
 * Safe fact lookup over untrusted snapshots: own properties only, so `__proto__`,
 * `constructor` or `prototype` can never reach a prototype; the walk is bounded by the
 * length of the policy's path, never by the depth of the snapshot.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** Marks a fact the snapshot does not have (absent, or `null`). */
export const MISSING: unique symbol = Symbol("missing");

/** Reads one own property; `null` and absent both count as missing. */
export function getOwn(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return MISSING;
  if (!hasOwn.call(value, key)) return MISSING;
  const v = (value as Record<string, unknown>)[key];
  return v === null || v === undefined ? MISSING : v;
}

/** Reads `segments` from `root`; any missing step yields `MISSING`. */
export function lookupPath(root: unknown, segments: readonly string[]): unknown {
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    cur = getOwn(cur, segments[i] as string);
    if (cur === MISSING) return MISSING;
  }
  if (cur === null || cur === undefined) return MISSING;
  return cur;
}

/** Compiles a fixed path into a reader specialised for its length (the common 1-2 segment cases avoid the loop). */
export function pathReader(segments: readonly string[]): (root: unknown) => unknown {
  if (segments.length === 0) return (root) => (root === null || root === undefined ? MISSING : root);
  if (segments.length === 1) {
    const a = segments[0] as string;
    return (root) => getOwn(root, a);
  }
  if (segments.length === 2) {
    const a = segments[0] as string;
    const b = segments[1] as string;
    return (root) => {
      const x = getOwn(root, a);
      return x === MISSING ? MISSING : getOwn(x, b);
    };
  }
  const copy = segments.slice();
  return (root) => lookupPath(root, copy);
}
