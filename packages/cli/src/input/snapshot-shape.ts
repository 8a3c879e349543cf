/** Deeper snapshots are refused: every later stage (validation, evaluation, rendering, hashing) may recurse. */
export const MAX_SNAPSHOT_DEPTH = 64;
/** Values per snapshot, counting a YAML alias each time it is used: a 525-byte alias bomb expands to billions. */
export const MAX_SNAPSHOT_VALUES = 200_000;

/**
 * What is wrong with a parsed snapshot's size, or `undefined`. Stops at the first limit
 * crossed, so a hostile value costs at most MAX_SNAPSHOT_VALUES steps.
 */
export function snapshotShapeProblem(value: unknown): string | undefined {
  // Nearly every snapshot is within both limits: a walk that allocates nothing says so (it ran
  // on every record of `tenet check`, where a stack entry and an `Object.values` array per value
  // cost 5-8% of the run). Only past a limit is the walk below redone for its exact message.
  return valuesWithin(value, 0, 0) >= 0 ? undefined : firstProblem(value);
}

/**
 * The values counted so far plus those of `value` (at `depth`), or -1 past a limit. Recursion
 * is bounded: it stops at MAX_SNAPSHOT_DEPTH. `for...in` may also see inherited enumerable
 * keys, which can only make it report a limit the exact walk then does not find.
 */
export function valuesWithin(value: unknown, depth: number, count: number): number {
  if (++count > MAX_SNAPSHOT_VALUES) return -1;
  if (value === null || typeof value !== "object") return count;
  if (depth >= MAX_SNAPSHOT_DEPTH) return -1;
  // Leaves (most values) are counted here, not in a call each: the walk takes half the time.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== "object") {
        if (++count > MAX_SNAPSHOT_VALUES) return -1;
      } else if ((count = valuesWithin(item, depth + 1, count)) < 0) return -1;
    }
    return count;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (item === null || typeof item !== "object") {
      if (++count > MAX_SNAPSHOT_VALUES) return -1;
    } else if ((count = valuesWithin(item, depth + 1, count)) < 0) return -1;
  }
  return count;
}

/** The problem the iterative walk meets first (its order decides which of two limits is named). */
function firstProblem(value: unknown): string | undefined {
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
