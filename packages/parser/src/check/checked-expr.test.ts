import { describe, expect, it } from "vitest";
import type { CompareExpr, Expr } from "../ast/nodes.js";
import { comparisonType, FLIP, isLiteral, literalBehind, resolveLet, typeOf, unparen } from "./checked-expr.js";
import { loadPolicySources } from "./load-policy-sources.js";

const text = `let min-build = (floor)
let floor = "10.0.19045"
compliance p {
  rule os { require (device.osVersion) >= min-build }
  rule apps { require any app in device.detectedApps: app.displayName == "Defender" }
}`;
const set = loadPolicySources([{ path: "main.tenet", text }]).value;
const requireOf = (rule: number) => set.compliance[0]!.rules[rule]!.require;

describe("what the checker knows about an expression", () => {
  it("follows parentheses and bare `let` names to the literal behind them", () => {
    const compare = unparen(requireOf(0)) as CompareExpr;
    expect(isLiteral(compare.right)).toBe(false);
    expect(resolveLet(set, compare.right)).toMatchObject({ kind: "String", value: "10.0.19045" });
    expect(literalBehind(set, compare.right)).toMatchObject({ value: "10.0.19045" });
    expect(unparen(compare.left)).toMatchObject({ kind: "Path" });
    expect(literalBehind(set, compare.left)).toBeUndefined();
  });
  it("types through parentheses and lets, and compares a string literal at the fact's type", () => {
    const compare = unparen(requireOf(0)) as CompareExpr;
    expect(typeOf(set, compare.left)?.kind).toBe("version");
    expect(typeOf(set, compare.right)?.kind).toBe("string");
    expect(comparisonType(set, compare.left, compare.right).kind).toBe("version");
  });
  it("never reads a dotted path as a `let`, even one whose first name is a let (the checker reports it)", () => {
    const body = (requireOf(1) as Extract<Expr, { kind: "Quantifier" }>).body as CompareExpr;
    expect(resolveLet(set, body.left)).toBe(body.left);
    const dotted = loadPolicySources([
      { path: "d.tenet", text: 'let floor = "1"\ncompliance p {\n  rule r { require floor.x == "1" }\n}' },
    ]);
    expect(dotted.diagnostics.map((d) => d.code)).toContain("CP2001");
    const left = (dotted.value.compliance[0]!.rules[0]!.require as CompareExpr).left;
    expect(dotted.value.letTargets.has(left as never)).toBe(true);
    expect(resolveLet(dotted.value, left)).toBe(left);
  });
  it("flips an operator so the comparison survives swapping its sides", () => {
    for (const [op, flipped] of Object.entries(FLIP)) expect(FLIP[flipped]).toBe(op);
    expect(FLIP["<"]).toBe(">");
  });
});
