import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenize.js";

const kinds = (text: string) => tokenize(text, "t.tenet").value.tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe("tokenize", () => {
  it("reads every literal kind", () => {
    expect(kinds('"a\\"b" 14.0 -1 30d 72h 2027-03-31 2027-03-31T00:00:00Z 2027-03-31T10:00+02:00 true')).toEqual([
      'String:"a\\"b"',
      "Number:14.0",
      "Number:-1",
      "Duration:30d",
      "Duration:72h",
      "Date:2027-03-31",
      "Timestamp:2027-03-31T00:00:00Z",
      "Timestamp:2027-03-31T10:00+02:00",
      "Kw_true:true",
    ]);
  });

  it("keeps hyphenated identifiers and keyword prefixes whole", () => {
    expect(kinds("os-supported rules-x notify notx in-house")).toEqual([
      "Identifier:os-supported",
      "Identifier:rules-x",
      "Identifier:notify",
      "Identifier:notx",
      "Identifier:in-house",
    ]);
  });

  it("names a number glued to letters as one bad duration", () => {
    const r = tokenize("older than 30days", "t.tenet");
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["CP1004", "invalid duration literal `30days`"]]);
    expect(r.value.tokens.map((t) => t.tokenType.name)).toEqual(["Kw_older", "Kw_than", "Duration"]);
  });

  it("reports a bad character and goes on", () => {
    const r = tokenize("rule a @ b", "t.tenet");
    expect(r.diagnostics.map((d) => [d.code, d.span.start.column, d.message])).toEqual([
      ["CP1001", 8, "unexpected character `@`"],
    ]);
    expect(r.value.tokens.map((t) => t.image)).toEqual(["rule", "a", "b"]);
  });

  it("reports an unterminated string with its line and keeps lexing", () => {
    const r = tokenize('x "open\ny', "t.tenet");
    expect(r.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([["CP1002", 1, 3]]);
    expect(r.value.tokens.map((t) => t.image)).toEqual(["x", '"open"', "y"]);
  });

  it("collects comments apart and ignores a byte-order mark", () => {
    const r = tokenize("\uFEFF# top\nrule # trailing\r\n", "t.tenet");
    expect(r.value.comments.map((c) => c.image)).toEqual(["# top", "# trailing"]);
    expect(r.value.tokens[0]?.startLine).toBe(2);
  });

  it("refuses binary content", () => {
    expect(tokenize("a\u0000b", "t.tenet").diagnostics[0]?.code).toBe("CP1015");
  });
});
