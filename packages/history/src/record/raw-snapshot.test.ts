import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stableBytes } from "./raw-snapshot.js";
import { splitVolatile } from "./volatile-fields.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What the store must get from a line: the parsed snapshot's stable part, hashed as its text. */
function expectStable(line: string) {
  const bytes = stableBytes(Buffer.from(line, "utf8"))!;
  expect(bytes).toBeDefined();
  const text = bytes.toString("utf8");
  expect(JSON.parse(text)).toEqual(splitVolatile(JSON.parse(line) as Record<string, unknown>).stable);
  expect(sha256(text)).toBe(createHash("sha256").update(bytes).digest("hex"));
  return text;
}

describe("stableBytes", () => {
  it("keeps every top-level member but the volatile ones, as they were spelled", () => {
    expect(expectStable('{"id":"d1","lastSyncDateTime":"2026-01-01T00:00:00Z","osVersion":"10.0"}')).toBe(
      '{"id":"d1","osVersion":"10.0"}',
    );
    expect(expectStable(' { "b" : [1, {"a": 2}] ,"freeStorageSpaceInBytes": 5e9 }\r')).toBe('{"b" : [1, {"a": 2}]}');
    expect(expectStable('{"lastSyncDateTime":"x","freeStorageSpaceInBytes":1}')).toBe("{}");
    expect(expectStable("{}")).toBe("{}");
    // Longer than the buffer the stable part is first written to, then a short line again.
    const long = `{"a":"${"x".repeat(10_000)}","lastSyncDateTime":"y","b":1}`;
    expect(expectStable(long)).toBe(`{"a":"${"x".repeat(10_000)}","b":1}`);
    expect(expectStable('{"lastSyncDateTime":"y","b":1}')).toBe('{"b":1}');
  });

  it("reads strings, nesting and escapes as JSON.parse does", () => {
    expectStable('{"s":"a \\" } ] { [ , \\\\","n":{"lastSyncDateTime":"nested, kept"},"lastSyncDateTime":"x"}');
    // An escaped spelling of a volatile key is that key; a duplicate key keeps its last value.
    expect(expectStable('{"lastSync\\u0044ateTime":"x","k":1,"k":2,"e":"é\\u2028"}')).toBe(
      '{"k":1,"k":2,"e":"é\\u2028"}',
    );
    expectStable('{"t":true,"f":false,"z":null,"x":-1.5e-3,"a":[],"o":{},"q":"\\\\"}');
  });

  it("declines bytes that are not one JSON object in UTF-8", () => {
    expect(stableBytes(Buffer.from("[1,2]"))).toBeUndefined();
    expect(stableBytes(Buffer.from('"text"'))).toBeUndefined();
    expect(stableBytes(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toBeUndefined();
    expect(stableBytes(Buffer.from('\ufeff{"a":1}'))).toBeUndefined();
  });

  it("gives the parsed stable part for any object, however it is spaced", () => {
    const value = fc.jsonValue();
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), value),
        fc.option(value, { nil: undefined }),
        fc.constantFrom(0, 1, "\t"),
        (members, sync, space) => {
          const line = JSON.stringify(
            sync === undefined ? members : { ...members, lastSyncDateTime: sync },
            null,
            space,
          );
          expectStable(line);
        },
      ),
      { numRuns: 300 },
    );
  });
});
