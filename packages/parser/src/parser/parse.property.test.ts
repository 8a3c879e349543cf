import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "./parse.js";

const SEED = 20261125;
const VALID = `let min = "10.0.19045"
compliance win "Windows" {
  platform windows
  rule os "OS" { require device.osVersion >= min and not (device.isEncrypted == false) severity high remediation "Update {device.osVersion}" }
  rule apps "Apps" { require all a in device.detectedApps where a.displayName != "x" or a.version is missing }
  on noncompliant { after 72h mark noncompliant after 0h notify ["t"] }
}
access a { users include all exclude group "g" apps include all grant all(mfa, compliantDevice) }
waiver w { rules win.os scope device.deviceName startsWith "LAB" reason "r" approver "a" expires 2027-01-01 }`;

const pieces = [
  "compliance",
  "rule",
  "require",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ".",
  "==",
  "<",
  "and",
  "or",
  "not",
  "in",
  "any",
  "where",
  "device",
  "x",
  '"s"',
  '"open',
  "12",
  "30d",
  "2027-01-01",
  "#c\n",
  "\n",
  "@",
  "is",
  "present",
  "older",
  "than",
  "within",
  "access",
  "grant",
  "waiver",
  "-",
];

describe("parse never fails on bad input", () => {
  it("returns diagnostics with in-range spans for any token soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (soup) => {
        const text = soup.join(" ");
        const r = parse(text, "soup.tenet");
        for (const d of r.diagnostics) {
          expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.end.offset).toBeLessThanOrEqual(text.length + 1);
          expect(d.span.start.line).toBeGreaterThanOrEqual(1);
          expect(d.message).toMatch(/^[^A-Z].*[^.]$/);
        }
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it("reports an error and keeps the rest when one token of a valid file is removed", () => {
    const tokens = VALID.split(/(?<=\s)|(?=\s)/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: tokens.length - 1 }), (drop) => {
        const mutated = tokens.filter((_, i) => i !== drop).join("");
        const r = parse(mutated, "m.tenet");
        if (mutated.replace(/\s+/g, " ") === VALID.replace(/\s+/g, " ")) return;
        // Some deletions stay valid (e.g. an optional title); otherwise there is a diagnostic.
        const declarations = r.value.declarations.length;
        expect(r.diagnostics.length > 0 || declarations === 4).toBe(true);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
