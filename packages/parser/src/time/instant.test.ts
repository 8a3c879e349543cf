import { describe, expect, it } from "vitest";
import { CATALOG } from "../diagnostics/codes.js";
import { Instant, parseInstant } from "./instant.js";

describe("parseInstant", () => {
  it("reads a time without a zone as UTC, and an offset as written", () => {
    const utc = Date.UTC(2026, 10, 25, 12);
    expect(parseInstant("2026-11-25T12:00:00").value?.millis).toBe(utc);
    expect(parseInstant("2026-11-25T12:00:00Z").value?.millis).toBe(utc);
    expect(parseInstant("2026-11-25T13:30:00+01:30").value?.iso).toBe("2026-11-25T12:00:00.000Z");
    expect(parseInstant(" 2026-11-25 ").value?.iso).toBe("2026-11-25T00:00:00.000Z");
  });
  it("takes epoch milliseconds, a Date and an Instant, and gives back the same instant", () => {
    const a = parseInstant(Date.UTC(2026, 0, 1)).value!;
    expect(a.iso).toBe("2026-01-01T00:00:00.000Z");
    expect(parseInstant(new Date(a.millis)).value).toEqual(a);
    expect(parseInstant(a).value).toBe(a);
    expect(JSON.stringify({ now: a })).toBe('{"now":"2026-01-01T00:00:00.000Z"}');
    expect(parseInstant(String(a)).value).toEqual(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
  it("returns CP5007 naming the option instead of throwing", () => {
    for (const bad of [
      "bogus",
      "",
      "2026-02-30T00:00:00Z",
      "2026-11-25T24:00:00Z",
      "1700000000",
      Number.NaN,
      9e15,
      new Date("x"),
    ]) {
      const r = parseInstant(bad as string, { option: "now" });
      expect(r.value, String(bad)).toBeUndefined();
      expect(r.diagnostics.map((d) => d.code)).toEqual(["CP5007"]);
      expect(r.diagnostics[0]!.message).toBe(`\`${String(bad)}\` is not a valid instant for \`now\``);
    }
    expect(parseInstant("x").diagnostics[0]!.message).toContain("`--now`");
    expect(CATALOG.CP5007.help).toContain("ISO-8601");
  });
  it("builds instants only for times a Date can hold", () => {
    expect(Instant.fromMillis(8.64e15)?.iso).toBe("+275760-09-13T00:00:00.000Z");
    expect(Instant.fromMillis(8.64e15 + 1)).toBeUndefined();
    expect(Instant.fromMillis(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
