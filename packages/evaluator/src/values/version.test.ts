import { describe, expect, it } from "vitest";
import {
  compareVersionParts,
  compareVersions,
  compareVersionText,
  MALFORMED_VERSION,
  parseVersion,
} from "./version.js";

describe("versions", () => {
  it("compares numerically per component, not as strings", () => {
    expect(compareVersions("10.0.22631.10000", "10.0.22631.2861")).toBe(1);
    expect(compareVersions("10.0.9", "10.0.10")).toBe(-1);
  });
  it("pads missing trailing components with zero by default", () => {
    expect(compareVersions("14", "14.0")).toBe(0);
    expect(compareVersions("10.0.22631", "10.0.22631.0")).toBe(0);
    expect(compareVersions("17.1", "17.1.0")).toBe(0);
    expect(compareVersions("10.0.22631", "10.0.22631.1")).toBe(-1);
  });
  it("treats a shorter version as less with .NET padding", () => {
    expect(compareVersions("10.0.22631", "10.0.22631.0", "less")).toBe(-1);
    expect(compareVersions("10.0.22631.0", "10.0.22631", "less")).toBe(1);
    expect(compareVersions("10.0.22632", "10.0.22631.5", "less")).toBe(1);
  });
  it("rejects malformed versions with a reason", () => {
    for (const bad of ["", "10.0.x", "17.1 beta", "1..2", ".1", "1.", "-1", "1.+2"]) {
      const p = parseVersion(bad);
      expect(p.ok, bad).toBe(false);
    }
    const p = parseVersion("10.0.x");
    expect(p.ok ? "" : p.reason).toContain("`x`");
    expect(() => compareVersions("10.0.x", "10")).toThrow(TypeError);
  });
  it("scanning comparison agrees with parse-and-compare", () => {
    const texts = ["10", "10.0", "10.0.0", "10.0.19045", "10.0.22631.2861", "10.0.22631.10000", "9.9", "0", "10.1"];
    for (const a of texts) {
      for (const b of texts) {
        const pb = parseVersion(b);
        if (!pb.ok) throw new Error("bad");
        const pa = parseVersion(a);
        if (!pa.ok) throw new Error("bad");
        expect(compareVersionText(a, pb.parts, false), `${a} vs ${b}`).toBe(
          compareVersionParts(pa.parts, pb.parts, "zero"),
        );
        expect(compareVersionText(a, pb.parts, true), `${a} vs ${b} less`).toBe(
          compareVersionParts(pa.parts, pb.parts, "less"),
        );
      }
    }
    for (const bad of ["", "10.0.x", "1..2", "1.", ".1", "a"])
      expect(compareVersionText(bad, [1], false)).toBe(MALFORMED_VERSION);
  });
});
