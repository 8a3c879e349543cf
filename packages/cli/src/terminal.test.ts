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
    delete process.env["NO_COLOR"];
    expect(useColor(tty, undefined)).toBe(true);
    expect(useColor(pipe, undefined)).toBe(false);
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
