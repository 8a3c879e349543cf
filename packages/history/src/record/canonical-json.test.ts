import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";

/** The definition as it was first written (stored hashes were computed with it). */
function definition(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => definition(v === undefined ? null : v)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${definition(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

describe("canonicalJson", () => {
  // Key orders out of order, in order, and keys that sort differently as numbers.
  const values: unknown[] = [
    null,
    undefined,
    0,
    -0,
    1.5e300,
    "",
    'quote " and \\ and \n and \u2028 and é',
    [],
    {},
    [undefined, null, 1, "a", { b: undefined }],
    { b: 1, a: { d: [3, { z: 1, y: undefined, x: [] }], c: "x" }, "": 0, "10": 1, "9": 2, __proto__x: 1 },
    JSON.parse('{"__proto__": {"b": 1, "a": 2}, "k": [{"b": 1}, {"a": 2, "c": {"b": 3}}]}'),
    { when: new Date(0), rest: { b: 1, a: 2 } },
    { f: () => 1, s: [() => 1], a: 1 },
    // Already in order at every level (written natively), and in order around a Date, a function or a symbol.
    { a: 1, b: { c: 2, d: [{ e: undefined, f: null }, [undefined]] } },
    { a: { b: [1, { c: new Date(0) }] } },
    { a: [{ b: () => 1 }], c: { d: Symbol("x") } },
    Object.assign(Object.create(null) as object, { a: 1, b: { c: 2 } }),
    {
      outcome: {
        state: "noncompliant",
        policies: [
          {
            policy: "win",
            state: "noncompliant",
            failing: [{ rule: "os", reasons: ['osVersion: "10.0", expected >= 10.1'] }],
          },
        ],
        next: { noncompliantSince: { win: "2026-01-01T00:00:00.000Z" } },
      },
    },
  ];
  it.each(values.map((v, i) => [i, v]))("value %i is written as the definition writes it", (_i, value) => {
    expect(canonicalJson(value)).toBe(definition(value));
  });

  it("sorts keys at every level", () => {
    expect(canonicalJson({ b: { d: 1, c: [{ f: 1, e: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[{"e":2,"f":1}],"d":1}}',
    );
  });
});

// Strings of any UTF-16 code units: quotes, backslashes, control characters, lone and paired surrogates.
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

describe("canonicalJson of any value", () => {
  // Keys that are special somewhere: inherited from Object.prototype, numeric, read by JSON.stringify.
  const key = fc.oneof(
    fc.string(),
    fc.constantFrom("__proto__", "toJSON", "constructor", "toString", "valueOf", "hasOwnProperty", "10", "9", "a", "b"),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: "small" },
      fc.oneof(
        fc.string(),
        codeUnits,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      ),
      fc.array(tie("tree"), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie("tree")), { maxLength: 5 }).map((entries) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries)
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
      fc.constantFrom(new Date(0), () => 1, Object.create(null) as object),
    ),
  }));

  it("writes any string and number as JSON.stringify does", () => {
    fc.assert(
      fc.property(fc.oneof(codeUnits, fc.string(), fc.double(), fc.integer()), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("is the definition's text, for values in any key order", () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(definition(value));
      }),
      { numRuns: 2000 },
    );
  });
});
