/**
 * Declared sign-in exceptions: a waiver whose scope reads `signIn` excuses the sign-ins in its
 * scope from `requires` and `always blocked` properties until it expires, never from `never
 * blocked`; once expired it excuses nothing and the analysis says so (CP4109).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinSchemas, format, loadPolicySources, parse, parseInstant } from "@tenet/parser";
import { propertiesOf, verifyProperty } from "@tenet/testing";
import { analyzeAccess, compile, evaluateAccess } from "@tenet/evaluator";

const BEFORE = parseInstant("2026-11-25T12:00:00Z").value!;
const AFTER = parseInstant("2027-07-01T00:00:00Z").value!;
const SET = `access mfa-all "MFA for all" {
  users include all exclude group "breakglass"
  apps include all
  grant mfa
}

access block-legacy "Block legacy clients" {
  users include all
  apps include all
  clients include exchangeActiveSync, other
  grant block
}

property mfa-everywhere "Every sign-in to a resource needs MFA" {
  assume signIn.application.userAction is missing
  expect requires mfa
}

property breakglass-never-blocked {
  assume "breakglass" in signIn.groups
  expect never blocked
}

waiver breakglass "Break-glass accounts" {
  scope "breakglass" in signIn.groups
  reason "emergency access, sign-ins alert the SOC"
  approver "secops@contoso.com"
  expires 2027-06-30
}
`;

function analyse(text: string, now = BEFORE) {
  const loaded = loadPolicySources([{ path: "set.tenet", text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const compiled = compile(loaded.value);
  return { compiled, analysis: analyzeAccess(compiled, { now, witnesses: 50 }) };
}

describe("sign-in exceptions", () => {
  it("excuse the sign-ins in scope from a requires property while they last, and say how many", () => {
    const { analysis } = analyse(SET);
    const mfa = analysis.requirements.find((r) => r.name === "mfa-everywhere")!;
    expect(mfa.status).toBe("pass");
    expect(mfa.exceptions).toEqual([
      {
        name: "breakglass",
        reason: "emergency access, sign-ins alert the SOC",
        approver: "secops@contoso.com",
        expires: "2027-06-30",
        expired: false,
        classes: expect.any(Number),
      },
    ]);
    expect(mfa.exceptions![0]!.classes).toBeGreaterThan(0);
    const about = analysis.findings.filter((f) => f.requirement === "mfa-everywhere");
    expect(about).toEqual([]);
  });

  it("stop excusing once expired: the gap fails with witnesses in scope, and CP4109 names the exception", () => {
    const { compiled, analysis } = analyse(SET, AFTER);
    const mfa = analysis.requirements.find((r) => r.name === "mfa-everywhere")!;
    expect(mfa.status).toBe("fail");
    expect(mfa.exceptions?.map((e) => [e.name, e.expired])).toEqual([["breakglass", true]]);
    expect(mfa.failingClasses).toBe(mfa.exceptions![0]!.classes);
    for (const w of mfa.witnesses) {
      expect((w.signIn as { groups: string[] }).groups).toContain("breakglass");
      const d = evaluateAccess(compiled, w.signIn, { now: AFTER });
      expect([d.decision, d.accessGrantedNow]).toEqual([w.decision, true]);
    }
    const expired = analysis.findings.filter((f) => f.kind === "expiredException");
    expect(expired.map((f) => [f.requirement, f.severity, f.span?.start.line])).toEqual([
      ["mfa-everywhere", "warning", 24],
    ]);
    expect(expired[0]!.message).toContain("expired on 2027-06-30 and no longer excuses");
  });

  it("document the exclusion they cover: no uncovered-exclusion finding while active, CP4106 again once expired", () => {
    const uncovered = (now: typeof BEFORE) =>
      analyse(SET, now).analysis.findings.filter((f) => f.kind === "uncoveredExclusion" && f.policy === "mfa-all");
    expect(uncovered(BEFORE)).toEqual([]);
    expect(uncovered(AFTER).map((f) => f.message)).toEqual([expect.stringContaining("by `group breakglass`")]);
  });

  it("never excuse a never-blocked property", () => {
    // Legacy clients are blocked for everyone, break-glass included: the exception does not hide it.
    const r = analyse(SET).analysis.requirements.find((x) => x.name === "breakglass-never-blocked")!;
    expect(r.status).toBe("fail");
    expect(r.exceptions).toBeUndefined();
  });

  it("leave results without a sign-in exception as they were (no exceptions field)", () => {
    const text = SET.slice(0, SET.indexOf("waiver breakglass"));
    for (const r of analyse(text).analysis.requirements) expect(r).not.toHaveProperty("exceptions");
  });

  it.each([
    [
      "names rules",
      'rules base.r1\n  scope "g" in signIn.groups',
      "reads `signIn` in its scope and also names rules or devices",
    ],
    [
      "reads device facts too",
      'scope "g" in signIn.groups and device.osVersion == "1"',
      "reads both `signIn` and `device` facts in its scope",
    ],
  ])("are a checker error (CP2079) when a waiver over sign-ins %s", (_, clauses, problem) => {
    const text = `compliance base {\n  rule r1 { require device.isEncrypted == true }\n}\n\nwaiver mixed {\n  ${clauses}\n  reason "r"\n  approver "a"\n  expires 2027-01-01\n}\n`;
    const d = loadPolicySources([{ path: "set.tenet", text }]).diagnostics.filter((x) => x.code === "CP2079");
    expect(d.map((x) => x.message)).toEqual([`waiver \`mixed\` ${problem}`]);
  });
});

const LIMITED = readFileSync(new URL("../../examples/analyze/breakglass-exception.tenet", import.meta.url), "utf8");

describe("sign-in exceptions limited to named properties", () => {
  it("excuse only the properties they name: break-glass skips MFA but legacy authentication stays blocked", () => {
    const { compiled, analysis } = analyse(LIMITED);
    const [mfa, legacy] = ["mfa-everywhere", "legacy-blocked"].map((n) =>
      analysis.requirements.find((r) => r.name === n)!,
    );
    expect(mfa!.status).toBe("pass");
    expect(mfa!.exceptions?.map((e) => [e.name, e.properties])).toEqual([["breakglass", ["mfa-everywhere"]]]);
    expect(legacy!.status).toBe("fail");
    expect(legacy!.exceptions).toBeUndefined();
    expect(legacy!.witnesses.length).toBeGreaterThan(0);
    for (const w of legacy!.witnesses) {
      expect((w.signIn as { groups: string[] }).groups).toContain("breakglass");
      expect(evaluateAccess(compiled, w.signIn, { now: BEFORE }).decision).not.toBe("block");
    }
    // Without `properties` the same waiver excuses both.
    const unlimited = analyse(LIMITED.replace("  properties mfa-everywhere\n", "")).analysis;
    expect(unlimited.requirements.map((r) => [r.name, r.status, r.exceptions?.[0]?.properties])).toEqual([
      ["mfa-everywhere", "pass", undefined],
      ["legacy-blocked", "pass", undefined],
    ]);
  });

  // packages/parser/src/parser/parse-direct.property.test.ts compares both parsers on this file.
  it("parse into a properties clause that the formatter prints back", () => {
    const parsed = parse(LIMITED, "limited.tenet");
    expect(parsed.diagnostics).toEqual([]);
    const waiver = parsed.value.declarations.find((d) => d.kind === "Waiver")!;
    expect(waiver.kind === "Waiver" && waiver.clauses.map((c) => c.kind)).toContain("WaiverProperties");
    expect(format(LIMITED, "limited.tenet").value).toBe(LIMITED);
    const two = LIMITED.replace("properties mfa-everywhere", "properties mfa-everywhere,   legacy-blocked");
    expect(format(two, "two.tenet").value).toContain("  properties mfa-everywhere, legacy-blocked\n");
  });

  const diagnostics = (clauses: string, scope = 'scope "breakglass" in signIn.groups') => {
    const text = LIMITED.replace(
      / {2}properties mfa-everywhere\n {2}scope "breakglass" in signIn.groups/,
      `${clauses}\n  ${scope}`,
    );
    return loadPolicySources([{ path: "set.tenet", text }]).diagnostics.filter((d) => d.severity === "error");
  };

  it("are a checker error naming the waiver and the place when a property is unknown (CP2080)", () => {
    const d = diagnostics("  properties mfa-everywere");
    expect(d.map((x) => [x.code, x.message, x.help, x.span.start.line, x.span.start.column])).toEqual([
      [
        "CP2080",
        "waiver `breakglass` names unknown property `mfa-everywere`",
        "did you mean `mfa-everywhere`?",
        32,
        14,
      ],
    ]);
  });

  it("are a checker error for a property no exception can excuse (CP2081)", () => {
    const text = `${LIMITED}
property breakglass-never-blocked {
  assume "breakglass" in signIn.groups
  expect never blocked
}
`.replace("properties mfa-everywhere", "properties mfa-everywhere, breakglass-never-blocked");
    const d = loadPolicySources([{ path: "set.tenet", text }]).diagnostics.filter((x) => x.severity === "error");
    expect(d.map((x) => [x.code, x.message])).toEqual([
      [
        "CP2081",
        "waiver `breakglass` cannot excuse property `breakglass-never-blocked`: it expects `never blocked`, which no exception waives",
      ],
    ]);
  });

  it("stay a mixed waiver (CP2079) beside device rules, or on a waiver whose scope is about devices", () => {
    const rules = `compliance base {\n  rule r1 { require device.isEncrypted == true }\n}\n`;
    const mixed = (clauses: string, scope: string) =>
      loadPolicySources([
        {
          path: "set.tenet",
          text: `${rules}${LIMITED.replace(/ {2}properties mfa-everywhere\n {2}scope [^\n]*/, `${clauses}\n  ${scope}`)}`,
        },
      ])
        .diagnostics.filter((x) => x.code === "CP2079")
        .map((x) => x.message);
    expect(mixed("  properties mfa-everywhere\n  rules base.r1", 'scope "breakglass" in signIn.groups')).toEqual([
      "waiver `breakglass` reads `signIn` in its scope and also names rules or devices",
    ]);
    expect(mixed("  properties mfa-everywhere", 'scope device.deviceName startsWith "LAB-"')).toEqual([
      "waiver `breakglass` names properties, but its `scope` does not read `signIn`",
    ]);
  });
});

describe("sign-in exceptions in tenet verify", () => {
  const verify = (text: string, property: string, now = BEFORE) => {
    const compiled = compile(loadPolicySources([{ path: "set.tenet", text }]).value);
    const decl = propertiesOf(compiled).find((p) => p.name.name === property)!;
    return verifyProperty(compiled, decl, { schemas: builtinSchemas(), now, seed: 7, numRuns: 300 });
  };
  const withoutWaiver = LIMITED.slice(0, LIMITED.indexOf("waiver breakglass"));
  const unlimited = LIMITED.replace("  properties mfa-everywhere\n", "");

  it("excuse what analyze access excuses: the named properties, while active", () => {
    const bare = verify(withoutWaiver, "mfa-everywhere");
    expect(bare.passed).toBe(false);
    expect((bare.counterexample as { groups: string[] }).groups).toContain("breakglass");
    expect(verify(LIMITED, "mfa-everywhere").passed).toBe(true);
    expect(verify(LIMITED, "mfa-everywhere", AFTER).passed).toBe(false);
    const legacy = verify(LIMITED, "legacy-blocked");
    expect(legacy.passed).toBe(false);
    expect((legacy.counterexample as { groups: string[] }).groups).toContain("breakglass");
    expect(verify(unlimited, "legacy-blocked").passed).toBe(true);
  });
});
