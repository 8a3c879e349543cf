import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutVolatile, stableBytes } from "./raw-snapshot.js";
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

/** A JSON value as a tree of members, so that keys may repeat and be spelled with escapes. */
type Written = { members: [string, Written][] } | { items: Written[] } | { text: string };

const VOLATILE_SPELLINGS = ['"lastSyncDateTime"', '"freeStorageSpaceInBytes"', '"lastSync\\u0044ateTime"'];

const key = fc.oneof(
  { arbitrary: fc.constantFrom(...VOLATILE_SPELLINGS.slice(0, 2)), weight: 2 },
  { arbitrary: fc.constantFrom(...VOLATILE_SPELLINGS.slice(2)), weight: 1 },
  { arbitrary: fc.constantFrom("id", "", "x y", "lastSyncDateTimes", "é").map((k) => JSON.stringify(k)), weight: 5 },
);

/** Values and keys with what a scan could trip on: the volatile keys' texts, separators, spaces and non-ASCII in strings. */
const written: fc.Arbitrary<Written> = fc.letrec<{ value: Written }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: "value" },
    fc
      .array(
        fc.oneof(
          { arbitrary: fc.constantFrom("a", "b c", ":", "{", "}]", "é", "lastSyncDateTime", ", "), weight: 12 },
          { arbitrary: fc.constantFrom('"', "\\", '"lastSyncDateTime":'), weight: 1 },
        ),
        { maxLength: 4 },
      )
      .map((parts) => ({ text: JSON.stringify(parts.join("")) })),
    fc.constantFrom("0", "-1.5e-3", "5e9", "true", "false", "null").map((text) => ({ text })),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((members) => ({ members })),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => ({ items })),
  ),
})).value;

/** `value` as JSON text, with the whitespace `gaps` gives (in turn) between its tokens. */
function render(value: Written, gaps: () => string): string {
  if ("text" in value) return value.text;
  if ("items" in value)
    return `[${gaps()}${value.items.map((v) => render(v, gaps)).join(`${gaps()},${gaps()}`)}${gaps()}]`;
  const members = value.members.map(([k, v]) => `${k}${gaps()}:${gaps()}${render(v, gaps)}`);
  return `{${gaps()}${members.join(`${gaps()},${gaps()}`)}${gaps()}}`;
}

describe("cutVolatile", () => {
  it("gives what the scan gives, for any line it does not decline", () => {
    let cut = 0;
    const runs = 1000;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, written), { maxLength: 6 }),
        // No whitespace, spaces, or now and then any whitespace.
        fc.oneof(
          fc.constant([]),
          fc.array(fc.constantFrom("", "", "", " ", "  ")),
          fc.array(fc.constantFrom("", "", "", "", "", "", " ", "\t", "\r", "\n")),
        ),
        (members, spaces) => {
          let turn = 0;
          const gaps = spaces.length === 0 ? () => "" : () => spaces[turn++ % spaces.length]!;
          const line = Buffer.from(render({ members }, gaps), "utf8");
          const scanned = Buffer.from(stableBytes(line)!).toString("utf8");
          const facts = JSON.parse(line.toString("utf8")) as object;
          if (line.includes(0x5c)) return;
          const bytes = cutVolatile(line, facts);
          if (bytes === undefined) return;
          cut++;
          expect(bytes.toString("utf8")).toBe(scanned);
        },
      ),
      { numRuns: runs },
    );
    // Most lines without escapes or spaces are cut: the property is about them.
    expect(cut).toBeGreaterThan(runs / 10);
  });

  it("cuts a line without spaces between its members, the volatile members anywhere, as stableBytes scans it", () => {
    const lines = [
      { id: "d", lastSyncDateTime: "2026-01-01T00:00:00Z", model: "MacBook Pro", freeStorageSpaceInBytes: 5e9 },
      { lastSyncDateTime: "x", freeStorageSpaceInBytes: 1, id: "d" },
      { id: "d", note: "a,b:{c} d", freeStorageSpaceInBytes: 1, lastSyncDateTime: null },
      { freeStorageSpaceInBytes: [1, 2] },
      { id: "é", nested: { a: 1 }, lastSyncDateTime: { at: "x" } },
      { id: "d" },
    ].map((o) => JSON.stringify(o));
    // Spaces in members are kept, by both.
    lines.push('{"a" : [ 1 ],"lastSyncDateTime":3,"c":"x y","d" :"{x"}');
    for (const line of lines) {
      const scanned = Buffer.from(stableBytes(Buffer.from(line))!).toString("utf8");
      expect(cutVolatile(Buffer.from(line), JSON.parse(line) as object)?.toString("utf8")).toBe(scanned);
      expect(JSON.parse(scanned)).toEqual(splitVolatile(JSON.parse(line) as Record<string, unknown>).stable);
    }
  });

  it("declines a line where a volatile key's text may not be its top-level member, or spaces stand between members", () => {
    const declined = (text: string) =>
      expect(cutVolatile(Buffer.from(text), JSON.parse(text) as object)).toBeUndefined();
    declined('{"a":{"lastSyncDateTime":1},"lastSyncDateTime":2}');
    declined('{"a":{"lastSyncDateTime":1}}');
    declined('{"lastSyncDateTime":1,"b":2,"lastSyncDateTime":3}');
    declined('{"a":"lastSyncDateTime","lastSyncDateTime":3}');
    declined('{"a":1, "lastSyncDateTime":3}');
    declined('{ "a":1,"lastSyncDateTime":3}');
    declined('{"lastSyncDateTime":3,"a":1 }');
    declined('{"lastSyncDateTime" :3}');
    declined('{"lastSyncDateTime": 3}');
  });
});
