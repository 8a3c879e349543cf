import type { Expr } from "@tenet/parser";

/**
 * Every Path node in the trees on `stack` (expressions, declarations, arrays of them), with its
 * names. Spans are skipped: they hold no paths and are most of the nodes. Trees the caller
 * pushes onto `stack` while iterating (a `let`'s value) are walked too; each object once.
 */
export function* pathNodes(stack: unknown[]): Generator<{ node: Extract<Expr, { kind: "Path" }>; names: unknown[] }> {
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (record["kind"] === "Path" && Array.isArray(record["segments"])) {
      const names = (record["segments"] as { name?: unknown }[]).map((s) => s.name);
      yield { node: node as Extract<Expr, { kind: "Path" }>, names };
      continue;
    }
    for (const key in record) {
      const value = record[key];
      if (key !== "span" && value !== null && typeof value === "object") stack.push(value);
    }
  }
}
