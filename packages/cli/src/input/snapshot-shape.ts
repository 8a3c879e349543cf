/** Deeper snapshots are refused: every later stage (validation, evaluation, rendering, hashing) may recurse. */
export const MAX_SNAPSHOT_DEPTH = 64;
/** Values per snapshot, counting a YAML alias each time it is used: a 525-byte alias bomb expands to billions. */
export const MAX_SNAPSHOT_VALUES = 200_000;

/**
 * What is wrong with a parsed snapshot's size, or `undefined`. Iterative, and stops at the
 * first limit crossed, so a hostile value costs at most MAX_SNAPSHOT_VALUES steps.
 */
export function snapshotShapeProblem(value: unknown): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  let values = 0;
  while (stack.length > 0) {
    const [next, depth] = stack.pop()!;
    if (++values > MAX_SNAPSHOT_VALUES) return `holds more than ${MAX_SNAPSHOT_VALUES} values`;
    if (next === null || typeof next !== "object") continue;
    if (depth >= MAX_SNAPSHOT_DEPTH) return `nests deeper than ${MAX_SNAPSHOT_DEPTH} levels`;
    for (const child of Array.isArray(next) ? next : Object.values(next)) stack.push([child, depth + 1]);
  }
  return undefined;
}

export const SHAPE_LIMITS = { depth: MAX_SNAPSHOT_DEPTH, nodes: MAX_SNAPSHOT_VALUES };
