import { describe, expect, it } from "vitest";
import { getOwn, lookupPath, MISSING, pathReader } from "./fact-lookup.js";

describe("safe fact lookup", () => {
  it("reads own properties only", () => {
    expect(lookupPath({ a: { b: 1 } }, ["a", "b"])).toBe(1);
    expect(lookupPath({}, ["constructor"])).toBe(MISSING);
    expect(lookupPath({}, ["__proto__"])).toBe(MISSING);
    expect(lookupPath({ a: {} }, ["a", "constructor", "prototype"])).toBe(MISSING);
    expect(lookupPath([], ["length"])).toBe(MISSING);
    expect(lookupPath("abc", ["length"])).toBe(MISSING);
  });
  it("reads an own `__proto__` key from JSON as data, never the prototype", () => {
    const snap = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}') as unknown;
    expect(lookupPath(snap, ["__proto__", "polluted"])).toBe(true);
    expect(lookupPath(snap, ["constructor", "prototype", "x"])).toBe(1);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
  it("treats null as missing", () => {
    expect(getOwn({ a: null }, "a")).toBe(MISSING);
    expect(pathReader(["a", "b"])({ a: null })).toBe(MISSING);
    expect(pathReader(["a", "b", "c"])({ a: { b: { c: "x" } } })).toBe("x");
  });
  it("does not depend on snapshot depth", () => {
    let deep: unknown = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    expect(lookupPath(deep, ["next", "next", "missing"])).toBe(MISSING);
  });
});
