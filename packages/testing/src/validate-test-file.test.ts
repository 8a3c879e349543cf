import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { validateTestFile } from "./validate-test-file.js";

const check = (text: string) => validateTestFile(yaml.load(text));

describe("validateTestFile", () => {
  it("accepts a well-formed file", () => {
    expect(
      check(`
policies: [laptops.tenet]
now: "2026-11-25T12:00:00Z"
fixtures: { good: { osVersion: "10.0.26100" } }
cases:
  - { name: a, device: good, expect: { state: compliant, failedRules: [] } }
  - name: rows
    device: good
    each: [{ name: r1, now: "2026-11-26T00:00:00Z", expect: { policies: { laptops: inGracePeriod } } }]
  - { name: s, signIn: { user: { id: u } }, expect: { decision: notApplied, accessGrantedNow: true, unmetControls: {} } }`),
    ).toEqual([]);
  });

  it("names a misspelt key, which would otherwise make a case that cannot fail", () => {
    expect(check(`cases: [{ name: a, device: {}, expect: { failedRule: [x.y] } }]`)).toEqual([
      "case `a` expect: unknown key `failedRule`; did you mean `failedRules`?",
      "case `a`: no expectation, so the case cannot fail; add `expect`",
    ]);
    expect(check(`cases: [{ name: a, devcie: {}, expect: { state: error } }]`)).toEqual([
      "case `a`: unknown key `devcie`; did you mean `device`?",
      "case `a`: missing `device`, `deviceFile` or `signIn`",
    ]);
  });

  it("names a state, decision or list that is not one the engine produces", () => {
    expect(
      check(
        `cases: [{ name: a, device: {}, expect: { state: ok, policies: { p: graced }, decision: allow, ` +
          `failedRules: x, accessGrantedNow: "yes", reportOnly: { pilot: blocked } } }]`,
      ),
    ).toEqual([
      'case `a`: `state` is "ok"; expected one of unknown, compliant, inGracePeriod, noncompliant, error',
      'case `a`: `decision` is "allow"; expected one of block, grant, notApplied, unknown',
      'case `a`: `policies.p` is "graced"; expected one of unknown, compliant, inGracePeriod, noncompliant, error, notApplicable',
      "case `a`: `failedRules` must be a list of names",
      "case `a`: `accessGrantedNow` must be true or false",
      'case `a`: `reportOnly.pilot` is "blocked"; expected one of success, failure, userActionRequired, notApplied',
    ]);
  });

  it("finds duplicate names, two subjects, empty tables and rows that cannot fail", () => {
    expect(
      check(`
cases:
  - { name: a, device: {}, signIn: {}, expect: { state: compliant } }
  - { name: a, device: {}, expect: { state: compliant } }
  - { name: t, device: {}, each: [] }
  - { name: u, device: {}, each: [{ name: r, device: {} }, { devcie: {}, expect: { state: error } }] }`),
    ).toEqual([
      "case `a`: give one of `device`, `deviceFile` or `signIn`, not `device` and `signIn`",
      "case `a`: another case has the same name",
      "case `t`: `each` must be a non-empty list of rows",
      "case `u` row `r`: no expectation, so the row cannot fail; add `expect`",
      "case `u` row #2: unknown key `devcie`; did you mean `device`?",
    ]);
  });

  it("rejects a file that is not a mapping of cases", () => {
    expect(validateTestFile(null)).toEqual(["expected a mapping with a `cases` list"]);
    expect(check(`tests: []`)).toEqual(["the file: unknown key `tests`", "expected a `cases` list"]);
  });
});
