import { describe, expect, it } from "vitest";
import { MAX_SNAPSHOT_DEPTH, MAX_SNAPSHOT_VALUES, snapshotShapeProblem } from "./snapshot-shape.js";

/** `levels` objects nested in one another, the innermost holding `leaf`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const DEEP = `nests deeper than ${MAX_SNAPSHOT_DEPTH} levels`;
const MANY = `holds more than ${MAX_SNAPSHOT_VALUES} values`;

describe("snapshotShapeProblem", () => {
  it("accepts a snapshot at each limit and names the limit one step past it", () => {
    expect(snapshotShapeProblem(nested(MAX_SNAPSHOT_DEPTH))).toBeUndefined();
    expect(snapshotShapeProblem(nested(MAX_SNAPSHOT_DEPTH + 1))).toBe(DEEP);
    expect(snapshotShapeProblem([nested(MAX_SNAPSHOT_DEPTH - 2, [])])).toBeUndefined();
    expect(snapshotShapeProblem([nested(MAX_SNAPSHOT_DEPTH - 1, [])])).toBe(DEEP);
    // The root counts as a value: the array and its elements.
    expect(snapshotShapeProblem({ list: new Array(MAX_SNAPSHOT_VALUES - 2).fill(0) })).toBeUndefined();
    expect(snapshotShapeProblem({ list: new Array(MAX_SNAPSHOT_VALUES - 1).fill(0) })).toBe(MANY);
  });

  it("counts a shared value (a YAML alias) each time it is used", () => {
    const shared = { values: new Array(1_000).fill("x") };
    expect(snapshotShapeProblem({ a: new Array(150).fill(shared) })).toBeUndefined();
    expect(snapshotShapeProblem({ a: new Array(250).fill(shared) })).toBe(MANY);
  });

  it("names the limit met first, walking the last member first, when a snapshot crosses both", () => {
    const wide = new Array(MAX_SNAPSHOT_VALUES).fill(0);
    expect(snapshotShapeProblem({ deep: nested(MAX_SNAPSHOT_DEPTH), wide })).toBe(MANY);
    expect(snapshotShapeProblem({ wide, deep: nested(MAX_SNAPSHOT_DEPTH) })).toBe(DEEP);
  });

  it("ignores enumerable members a polluted prototype would add", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto["polluted"] = nested(MAX_SNAPSHOT_DEPTH * 2);
    try {
      expect(snapshotShapeProblem(nested(3))).toBeUndefined();
    } finally {
      delete proto["polluted"];
    }
  });
});
