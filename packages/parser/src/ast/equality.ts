import type { Node } from "./nodes.js";

/** A copy of a node without `span` and `recovered` fields: what the tree says, not where it was. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => stripSpans(n)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "span" || key === "recovered") continue;
    out[key] = stripSpans(value);
  }
  return out as T;
}

/** Structural equality of two AST nodes, ignoring spans (and comments of files). */
export function astEqual(a: Node | Node[], b: Node | Node[]): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  const ka = keys(a);
  const kb = keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function keys(o: object): string[] {
  return Object.keys(o)
    .filter(
      (k) => k !== "span" && k !== "recovered" && k !== "comments" && (o as Record<string, unknown>)[k] !== undefined,
    )
    .sort();
}
