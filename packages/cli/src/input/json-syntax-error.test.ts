import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "@tenet/parser";
import { jsonSyntaxError } from "./json-syntax-error.js";

describe("jsonSyntaxError", () => {
  it("names the character and where it is, which V8's message does not", () => {
    expect(jsonSyntaxError('[\n  {"id": "a"},\n  {"id": }\n]')).toBe("unexpected `}` at line 3, column 10");
    expect(jsonSyntaxError("nope")).toBe("unexpected `o` at column 2");
    expect(jsonSyntaxError('{"a":1,}')).toBe("unexpected `}` at column 8");
    expect(jsonSyntaxError('{"a" 1}')).toBe("unexpected `1` at column 6");
    expect(jsonSyntaxError("[1,2,,3]")).toBe("unexpected `,` at column 6");
    expect(jsonSyntaxError('{"a":1}x')).toBe("unexpected `x` at column 8");
    expect(jsonSyntaxError("[01]")).toBe("unexpected `1` at column 3");
  });

  it("says when the text ends too early and shows control characters escaped", () => {
    expect(jsonSyntaxError('{"a": [1, 2')).toBe("unexpected end of input at column 12");
    expect(jsonSyntaxError("")).toBe("unexpected end of input at column 1");
    expect(jsonSyntaxError('"tab\there"')).toBe("unexpected `\\u0009` at column 5");
    expect(jsonSyntaxError('"bad \\x escape"')).toBe("unexpected `\\` at column 6");
  });

  it("survives hostile nesting without a stack overflow", () => {
    expect(jsonErrorOffset(`${"[".repeat(200_000)}x`)).toBe(200_000);
  });
});

describe("jsonErrorOffset on long strings", () => {
  // An 8.4 M-character string overflowed the backtracking regex that used to read strings.
  const long = "a".repeat(8_400_000);

  it("finds the error after a very long string", () => {
    const text = `{"id":"${long}",}`;
    expect(jsonErrorOffset(text)).toBe(text.length - 1);
  });

  it("walks a valid document holding a very long string", () => {
    const text = `[{"id":"${long}"},{"id":"b"}]`;
    expect(jsonErrorOffset(text)).toBe(text.length);
  });
});
