import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ComplianceDecl, Expr, PolicyFile, RequireClause, RuleDecl } from "../ast/nodes.js";
import { astEqual } from "../ast/equality.js";
import { parse } from "../parser/parse.js";
import { arbitraryExpr } from "../../test-support/arbitrary-ast.js";
import { format } from "./format.js";
import { print } from "./print.js";

const SEED = 4242;
const fmt = (text: string) => format(text, "f.tenet").value;

describe("format", () => {
  it("writes literal braces escaped again, so a remediation placeholder never appears or disappears", () => {
    const text =
      'compliance p "P" {\n  rule r "R" {\n    require device.isEncrypted == true\n    remediation "Open \\{Settings\\} for {device.deviceName}"\n  }\n}\n';
    expect(fmt(text)).toBe(text);
    const literal = (parse(text, "f.tenet").value.declarations[0] as ComplianceDecl).clauses[0] as RuleDecl;
    const remediation = literal.clauses.find((c) => c.kind === "Remediation");
    expect(remediation?.kind === "Remediation" && remediation.text.literalBraces).toEqual([5, 14]);
  });

  it("lays out a messy file canonically and keeps every comment", () => {
    const messy = `# Header

let min = "10.0"   # why this minimum
compliance   win "W" {   # owner: endpoint team
platform windows,macOS
  # the OS rule
rule os "OS" { require device.osVersion>=min
severity high }
on noncompliant { after 0h notify ["t"]   after 72h mark noncompliant }
}
access a { users include all exclude group "g1","g2", user "u" grant all(mfa) }`;
    expect(fmt(messy)).toBe(`# Header

let min = "10.0"  # why this minimum

compliance win "W" {  # owner: endpoint team
  platform windows, macOS

  # the OS rule
  rule os "OS" {
    require device.osVersion >= min
    severity high
  }

  on noncompliant {
    after 0h notify ["t"]
    after 72h mark noncompliant
  }
}

access a {
  users include all exclude group "g1", "g2", user "u"
  grant mfa
}
`);
  });

  it("writes an authentication flow condition on its own line, flows comma-separated", () => {
    expect(
      fmt(
        "access b { users include all apps include all authenticationFlows include deviceCodeFlow,authenticationTransfer grant block }",
      ),
    ).toBe(
      "access b {\n  users include all\n  apps include all\n  authenticationFlows include deviceCodeFlow, authenticationTransfer\n" +
        "  grant block\n}\n",
    );
  });

  it("breaks long and/or chains after the operator with a continuation indent", () => {
    const long = `compliance p { rule r { require ${Array.from({ length: 6 }, (_, i) => `device.passcodeLength != ${i * 1000}`).join(" and ")} } }`;
    expect(fmt(long).split("\n").slice(2, 5)).toEqual([
      "    require device.passcodeLength != 0 and",
      "        device.passcodeLength != 1000 and",
      "        device.passcodeLength != 2000 and",
    ]);
  });

  it("leaves a file with syntax errors untouched and reports them", () => {
    const r = format("compliance p { rule r { require == } }", "bad.tenet");
    expect(r.value).toBe("compliance p { rule r { require == } }");
    expect(r.diagnostics[0]?.code).toBe("CP1010");
  });

  it("is idempotent on every shipped policy and example", () => {
    const roots = ["../../../../policies", "../../../../examples", "../../../../tests/golden"].map(
      (p) => new URL(p, import.meta.url).pathname,
    );
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".tenet")) files.push(path);
      }
    };
    for (const root of roots) walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const once = format(readFileSync(file, "latin1"), file);
      if (once.diagnostics.some((d) => d.severity === "error")) continue;
      expect(format(once.value, file).value, file).toBe(once.value);
      expect(astEqual(parse(once.value, file).value, parse(readFileSync(file, "latin1"), file).value), file).toBe(true);
    }
  });
});

const wrap = (e: Expr): PolicyFile => {
  const span = e.span;
  const rule: RuleDecl = {
    kind: "Rule",
    name: { kind: "Ident", name: "r", span },
    clauses: [{ kind: "Require", condition: e, span } as RequireClause],
    span,
  };
  const decl: ComplianceDecl = { kind: "Compliance", name: { kind: "Ident", name: "p", span }, clauses: [rule], span };
  return { kind: "File", path: "g.tenet", declarations: [decl], comments: [], span };
};
const stripParens = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(stripParens);
  if (node === null || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  if (n["kind"] === "Paren") return stripParens(n["inner"]);
  return Object.fromEntries(
    Object.entries(n)
      .filter(([k]) => k !== "span")
      .map(([k, v]) => [k, stripParens(v)]),
  );
};

describe("print round trip", () => {
  it("parse(print(ast)) is the same tree for generated expressions", () => {
    fc.assert(
      fc.property(arbitraryExpr, (e) => {
        const original = wrap(e);
        const printed = print(original);
        const reparsed = parse(printed, "g.tenet");
        expect(
          reparsed.diagnostics.filter((d) => d.severity === "error"),
          printed,
        ).toEqual([]);
        // The printer adds parentheses only where the tree needs them: same tree once they are ignored ...
        expect(stripParens(reparsed.value.declarations)).toEqual(stripParens(original.declarations));
        // ... and a printed tree prints back to itself, parentheses included.
        expect(astEqual(parse(print(reparsed.value), "g.tenet").value, reparsed.value)).toBe(true);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
