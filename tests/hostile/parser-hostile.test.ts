/** Hostile policy files: each gives a clear diagnostic (or parses cleanly) and never crashes or hangs. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicySources, parse } from "@tenet/parser";

const RULE =
  'compliance p "P" {\n  rule r "R" {\n    require device.isEncrypted == true\n    remediation "Encrypt the disk"\n  }\n}\n';
const codes = (text: string) => parse(text, "h.tenet").diagnostics.map((d) => d.code);

describe("hostile policy files", () => {
  it("empty file and whitespace only", () => {
    expect(codes("")).toEqual(["CP1013"]);
    expect(codes(" \n\t\r\n")).toEqual(["CP1013"]);
  });

  it("binary garbage", () => {
    const garbage = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(codes(garbage)).toEqual(["CP1015"]);
  });

  it("unterminated string", () => {
    expect(codes('compliance p "never closed\n')).toContain("CP1002");
  });

  it("a 4 MB policy file (just under the 4 MiB limit; a larger one is CP1018, tests/reliability)", () => {
    const rules = Array.from(
      { length: 50_000 },
      (_, i) => `  rule r${i} "Rule ${i}" { require device.passcodeLength >= ${i % 16} remediation "x" }\n`,
    ).join("");
    const text = `compliance big "Big" {\n${rules}}\n`;
    expect(text.length).toBeGreaterThan(4_000_000);
    const r = loadPolicySources([{ path: "big.tenet", text }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.compliance[0]?.rules).toHaveLength(50_000);
  });

  it("10,000 nested parentheses and 10,000 chained `not`s", () => {
    expect(codes(`compliance p { rule r { require ${"(".repeat(10_000)}true${")".repeat(10_000)} } }`)).toEqual([
      "CP1014",
    ]);
    expect(codes(`compliance p { rule r { require ${"not ".repeat(10_000)}true } }`)).toEqual(["CP1014"]);
  });

  it("nested quantifiers: each `where` counts as a level, so 500 of them are refused, not a stack overflow", () => {
    const nested = (n: number) =>
      Array.from({ length: n }, (_, i) => `any x${i} in device.installedApps where `).join("") + 'x0.name == "a"';
    const policy = (n: number) => `compliance p "P" { rule r "R" { require ${nested(n)} remediation "x" } }`;
    expect(codes(policy(500))).toEqual(["CP1014"]);
    expect(codes(`${policy(3)}\n${policy(30).replace("compliance p", "compliance q")}`)).toEqual([]);
    // Parentheses around each quantifier close its level again.
    const siblings = Array.from(
      { length: 100 },
      (_, i) => `(any x${i} in device.installedApps where x${i}.name == "a")`,
    );
    expect(codes(`compliance p "P" { rule r "R" { require ${siblings.join(" or ")} remediation "x" } }`)).toEqual([]);
  });

  it("long flat `and` chains: a hundred terms are fine, ten thousand are refused cleanly", () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `device.passcodeLength != ${i}`).join(" and ");
    const policy = (n: number) => `compliance p "P" { rule r "R" { require ${chain(n)} remediation "x" } }`;
    expect(loadPolicySources([{ path: "c.tenet", text: policy(100) }]).diagnostics).toEqual([]);
    const huge = loadPolicySources([{ path: "c.tenet", text: policy(10_000) }]);
    expect(huge.diagnostics.map((d) => d.code)).toEqual(["CP1014"]);
  });

  it("byte-order mark, CRLF line ends and tabs read like plain text", () => {
    const crlf = `\uFEFF${RULE.replace(/\n/g, "\r\n").replace(/  /g, "\t")}`;
    const r = parse(crlf, "w.tenet");
    expect(r.diagnostics).toEqual([]);
    const bad = parse(`\uFEFFcompliance p {\r\n\trule r {\r\n\t\trequire ==\r\n\t}\r\n}\r\n`, "w.tenet");
    expect(bad.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([["CP1010", 3, 11]]);
  });

  it("non-ASCII identifiers and text", () => {
    const r = loadPolicySources([
      {
        path: "ü.tenet",
        text: 'let mindestversion-ü = "10.0"\ncompliance geräte-richtlinie "Geräte 🔒" {\n  rule verschlüsselt "Verschlüsselt" { require device.osVersion >= mindestversion-ü remediation "Bitte verschlüsseln" }\n}\n',
      },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.compliance[0]?.rules[0]?.id).toBe("geräte-richtlinie.verschlüsselt");
  });

  it("never throws on random Unicode, and every span lies inside the source", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        const r = parse(text, "u.tenet");
        for (const d of r.diagnostics) {
          expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it("never throws on random mutations of a valid file", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: RULE.length }),
        fc.integer({ min: 0, max: 8 }),
        fc.string({ maxLength: 4 }),
        (at, cut, insert) => {
          const text = RULE.slice(0, at) + insert + RULE.slice(at + cut);
          const r = loadPolicySources([{ path: "m.tenet", text }]);
          for (const d of r.diagnostics) expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
