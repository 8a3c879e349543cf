import { afterEach, describe, expect, it } from "vitest";
import { paintWith, useColor } from "./terminal.js";

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;
const saved = process.env["NO_COLOR"];

afterEach(() => {
  if (saved === undefined) delete process.env["NO_COLOR"];
  else process.env["NO_COLOR"] = saved;
});

describe("useColor", () => {
  it("colours a terminal, never a pipe", () => {
    expect(useColor(tty, undefined, {})).toBe(true);
    expect(useColor(pipe, undefined, {})).toBe(false);
  });

  it("colours a pipe with FORCE_COLOR (not 0 or false), unless NO_COLOR or --no-color says otherwise", () => {
    expect(useColor(pipe, undefined, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: "" })).toBe(true);
    expect(useColor(tty, undefined, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(pipe, undefined, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(useColor(pipe, false, { FORCE_COLOR: "1" })).toBe(false);
  });

  it("honours --no-color and a non-empty NO_COLOR (an empty one does not count, as no-color.org says)", () => {
    delete process.env["NO_COLOR"];
    expect(useColor(tty, false)).toBe(false);
    process.env["NO_COLOR"] = "1";
    expect(useColor(tty, true)).toBe(false);
    process.env["NO_COLOR"] = "";
    expect(useColor(tty, undefined)).toBe(true);
  });
});

describe("paintWith", () => {
  it("wraps text in an ANSI code and a reset only when colouring", () => {
    expect(paintWith(true)("red", "x")).toBe("\u001b[31mx\u001b[0m");
    expect(paintWith(false)("red", "x")).toBe("x");
  });
});
