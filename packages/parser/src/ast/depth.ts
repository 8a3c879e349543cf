/**
 * The depth of a tree of plain objects and arrays, computed without recursion so that
 * measuring a hostile tree cannot itself overflow the stack. Stops counting at `limit + 1`.
 */
export function treeDepth(root: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    const children = Array.isArray(node)
      ? node
      : Object.entries(node)
          .filter(([k]) => k !== "span")
          .map(([, v]) => v);
    for (const child of children)
      if (child !== null && typeof child === "object") stack.push([child, Array.isArray(node) ? depth : depth + 1]);
  }
  return max;
}
