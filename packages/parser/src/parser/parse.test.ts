import { describe, expect, it } from "vitest";
import type { ComplianceDecl, Expr, RequireClause, RuleDecl } from "../ast/nodes.js";
import { stripSpans } from "../ast/equality.js";
import { parse } from "./parse.js";

const ok = (text: string) => {
  const r = parse(text, "t.tenet");
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value;
};

/** Parses `require EXPR` inside a rule and returns the expression without spans. */
const expr = (source: string): unknown => {
  const file = ok(`compliance p { rule r { require ${source} } }`);
  const rule = (file.declarations[0] as ComplianceDecl).clauses[0] as RuleDecl;
  return stripSpans((rule.clauses[0] as RequireClause).condition);
};
const path = (...names: string[]) => ({ kind: "Path", segments: names.map((name) => ({ kind: "Ident", name })) });
const str = (value: string) => ({ kind: "String", value });

describe("expressions", () => {
  it("gives `not` the tightest binding, then `and`, then `or`", () => {
    expect(expr("not a or b and c")).toEqual({
      kind: "Binary",
      operator: "or",
      left: { kind: "Not", operand: path("a") },
      right: { kind: "Binary", operator: "and", left: path("b"), right: path("c") },
    });
  });

  it("reads every predicate form", () => {
    expect(expr('device.osVersion >= "10.0"')).toEqual({
      kind: "Compare",
      operator: ">=",
      left: path("device", "osVersion"),
      right: str("10.0"),
    });
    expect(expr('x not in ["a", "b",]')).toEqual({
      kind: "In",
      negated: true,
      element: path("x"),
      collection: { kind: "List", elements: [str("a"), str("b")] },
    });
    expect(expr('x matches "^LAB-"')).toEqual({
      kind: "StringOp",
      operator: "matches",
      left: path("x"),
      right: str("^LAB-"),
    });
    expect(expr("t within 30d")).toEqual({
      kind: "Time",
      operator: "within",
      subject: path("t"),
      duration: { kind: "Duration", millis: 30 * 86_400_000, text: "30d" },
    });
    expect(expr("t older than 72h")).toMatchObject({
      kind: "Time",
      operator: "olderThan",
      duration: { millis: 72 * 3_600_000 },
    });
    expect(expr("x is missing")).toEqual({ kind: "Presence", present: false, subject: path("x") });
    expect(expr("[]")).toEqual({ kind: "List", elements: [] });
  });

  it("lets a quantifier body extend as far as possible", () => {
    expect(expr('any app in device.detectedApps where app.displayName == "Zoom" and app.version is present')).toEqual({
      kind: "Quantifier",
      quantifier: "any",
      variable: { kind: "Ident", name: "app" },
      collection: path("device", "detectedApps"),
      body: {
        kind: "Binary",
        operator: "and",
        left: { kind: "Compare", operator: "==", left: path("app", "displayName"), right: str("Zoom") },
        right: { kind: "Presence", present: true, subject: path("app", "version") },
      },
    });
  });

  it("accepts any word after a dot, so keywords can be fact names", () => {
    expect(expr("signIn.device.state == x")).toMatchObject({ left: path("signIn", "device", "state") });
  });

  it("keeps literal spellings and parentheses", () => {
    expect(expr("(x == 14.0)")).toEqual({
      kind: "Paren",
      inner: { kind: "Compare", operator: "==", left: path("x"), right: { kind: "Number", value: 14, text: "14.0" } },
    });
    expect(expr("t < 2027-03-31T10:00:00+02:00")).toMatchObject({
      right: { kind: "Timestamp", millis: Date.parse("2027-03-31T08:00:00Z") },
    });
    expect(expr('x == "a\\"b\\u{1F600}"')).toMatchObject({ right: { kind: "String", value: 'a"b\u{1F600}' } });
  });
});

describe("declarations", () => {
  it("reads a complete compliance policy with spans on every node", () => {
    const file = ok(`# baseline
compliance win "Windows" {
  platform windows, macOS
  rule os "OS" {
    require device.osVersion >= "10.0.19045"
    severity high
    remediation "Update {device.osVersion}"
    controls cis "18.9.1", iso27001 "A.8.8"
  }
  on noncompliant {
    after 0h notify ["tpl-1"]
    after 72h mark noncompliant
    after 30d remove profiles
  }
}`);
    expect(file.comments.map((c) => c.text)).toEqual([" baseline"]);
    const policy = file.declarations[0] as ComplianceDecl;
    expect(policy.span.start).toEqual({ line: 2, column: 1, offset: 11 });
    expect(policy.clauses.map((c) => c.kind)).toEqual(["Platform", "Rule", "Schedule"]);
    const schedule = policy.clauses[2];
    expect(
      schedule?.kind === "Schedule" &&
        schedule.steps.map((s) => [s.after.text, s.action.map((a) => a.name).join(" "), s.args.map((a) => a.value)]),
    ).toEqual([
      ["0h", "notify", ["tpl-1"]],
      ["72h", "mark noncompliant", []],
      ["30d", "remove profiles", []],
    ]);
  });

  it("reads access policies with selector items, both filter spellings, grants and session controls", () => {
    const file = ok(`access a "A" {
  state report-only
  users include all exclude group "g1", "g2", user "u1"
  devices exclude rule "device.trustType -eq \\"ServerAD\\""
  grant any(mfa, termsOfUse "tou")
  session signInFrequency 4h, persistentBrowser never, appEnforcedRestrictions
}`);
    expect(stripSpans(file.declarations[0])).toMatchObject({
      kind: "Access",
      clauses: [
        { kind: "State", state: { name: "report-only" } },
        {
          kind: "Condition",
          include: [{ selector: { name: "all" }, values: [] }],
          exclude: [
            { selector: { name: "group" }, values: [str("g1"), str("g2")] },
            { selector: { name: "user" }, values: [str("u1")] },
          ],
        },
        {
          kind: "DeviceFilter",
          mode: "exclude",
          filter: { kind: "EntraFilter", rule: str('device.trustType -eq "ServerAD"') },
        },
        {
          kind: "Grant",
          operator: "any",
          controls: [
            { name: { name: "mfa" }, values: [] },
            { name: { name: "termsOfUse" }, values: [str("tou")] },
          ],
        },
        {
          kind: "Session",
          settings: [
            { value: { kind: "Duration", text: "4h" } },
            { value: { kind: "Ident", name: "never" } },
            { name: { name: "appEnforcedRestrictions" } },
          ],
        },
      ],
    });
  });

  it("reads waivers, properties, lets and imports", () => {
    const file = ok(`import "shared.tenet"
let min = "14.0"
waiver w { rules p.r, q.* devices "d1" reason "r" approver "a" ticket "T-1" expires 2027-03-31 }
property s { assume device.x == 1 expect a stricterThan b runs 50 }`);
    expect(file.declarations.map((d) => d.kind)).toEqual(["Import", "Let", "Waiver", "Property"]);
    const waiver = file.declarations[2];
    expect(waiver?.kind === "Waiver" && stripSpans(waiver.clauses[0])).toMatchObject({
      rules: [{ policy: { name: "p" }, rule: { name: "r" } }, { policy: { name: "q" } }],
    });
  });
});

describe("errors", () => {
  it("reports every error of a file in one run and keeps the declarations around them", () => {
    const r = parse(
      `compliance a {
  rule r1 { requires device.x == 1 }
  rule r2 { require device.x == == 2 }
  rule r3 { require device.osVersion >= "1" severity high }
}
compliance b { rule ok { require device.isEncrypted } }`,
      "bad.tenet",
    );
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`)).toEqual([
      "CP1017@2:13",
      "CP1010@3:33",
    ]);
    expect(r.diagnostics[0]?.help).toBe("did you mean `require`?");
    const names = r.value.declarations.map((d) =>
      d.kind === "Compliance" ? `${d.name.name}:${d.clauses.length}` : d.kind,
    );
    expect(names).toEqual(["a:3", "b:1"]);
  });

  it("names an unclosed block at its opening brace instead of at the end of the file", () => {
    const r = parse("compliance a {\n  rule r { require x\n", "t.tenet");
    expect(r.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([
      ["CP1012", 1, 14],
      ["CP1012", 2, 10],
    ]);
  });

  it("explains that comparisons do not chain", () => {
    const r = parse("compliance a { rule r { require a < b < c } }", "t.tenet");
    expect(r.diagnostics[0]?.help).toBe("comparisons do not chain: write `a < b and b < c`");
  });

  it("refuses hostile nesting without exhausting the stack", () => {
    const deep = `compliance a { rule r { require ${"(".repeat(5000)}x${")".repeat(5000)} } }`;
    expect(parse(deep, "t.tenet").diagnostics.map((d) => d.code)).toEqual(["CP1014"]);
    const nots = `compliance a { rule r { require ${"not ".repeat(5000)}x } }`;
    expect(parse(nots, "t.tenet").diagnostics.map((d) => d.code)).toEqual(["CP1014"]);
  });

  it("rejects impossible dates and bad escapes with their position", () => {
    const r = parse('waiver w { reason "a\\q" expires 2027-02-30 }', "t.tenet");
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.column}`)).toEqual(["CP1003@21", "CP1004@33"]);
  });

  it("warns about an empty file", () => {
    expect(parse("# only a comment\n", "t.tenet").diagnostics.map((d) => d.code)).toEqual(["CP1013"]);
  });

  it("stops after fifty errors", () => {
    const r = parse(Array.from({ length: 80 }, () => "compliance a { rule r { require == } }").join("\n"), "t.tenet");
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[50]?.code).toBe("CP1016");
  });
});

export type { Expr };
