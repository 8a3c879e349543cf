import { describe, expect, it } from "vitest";
import { compile, compileCondition } from "./compile.js";
import { evaluate } from "../evaluate/evaluate.js";
import { SetBuilder, T_STR, T_VERSION } from "../../test-support/checked-set-builder.js";

const NOW = "2026-11-25T12:00:00Z";

describe("compile", () => {
  it("inlines `let` values and `let` conditions", () => {
    const b = new SetBuilder();
    b.let("min-windows", b.str("10.0.19045", T_VERSION));
    b.let("encrypted", b.cmp("==", b.path("device.isEncrypted"), b.bool(true)));
    b.policy("p", [
      { name: "os", require: b.cmp(">=", b.path("device.osVersion"), b.path("min-windows")) },
      { name: "os-flipped", require: b.cmp("<=", b.path("min-windows"), b.path("device.osVersion")) },
      { name: "enc", require: b.path("encrypted") },
    ]);
    const set = compile(b.build());
    const statuses = (facts: unknown) => evaluate(set, facts, { now: NOW }).policies[0]!.rules.map((r) => r.status);
    expect(statuses({ osVersion: "10.0.19045", isEncrypted: true })).toEqual(["pass", "pass", "pass"]);
    expect(statuses({ osVersion: "10.0.19044", isEncrypted: false })).toEqual(["fail", "fail", "fail"]);
  });
  it("quantifies with Kleene semantics: empty `all` holds, empty `any` does not", () => {
    const b = new SetBuilder();
    const body = () => b.sop("startsWith", b.path("t", T_STR), b.str("corp"));
    b.policy("p", [
      { name: "all", require: b.quant("all", "t", b.path("device.tags"), body()) },
      { name: "any", require: b.quant("any", "t", b.path("device.tags"), body()) },
    ]);
    const set = compile(b.build());
    const statuses = (facts: unknown) => evaluate(set, facts, { now: NOW }).policies[0]!.rules.map((r) => r.status);
    expect(statuses({ tags: [] })).toEqual(["pass", "fail"]);
    expect(statuses({ tags: ["corp-1", null] })).toEqual(["error", "pass"]);
    expect(statuses({ tags: ["corp-1", "x"] })).toEqual(["fail", "pass"]);
    expect(statuses({ tags: "corp" })).toEqual(["error", "error"]);
    expect(statuses({})).toEqual(["error", "error"]);
  });
  it("does not waive a rule whose outcome is unknown (it would raise the state)", () => {
    // Regression pinned from the waiver law property (`on unknown unknown` + waiver).
    const b = new SetBuilder();
    b.policy("p", [
      { name: "r", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)), onUnknown: "unknown" },
    ]);
    b.waiver("w", [{ policy: "p" }], "2030-01-01T00:00:00Z");
    const r = evaluate(compile(b.build()), { operatingSystem: "Windows" }, { now: NOW });
    expect(r.policies[0]!.rules[0]!.status).toBe("unknown");
    expect(r.policies[0]!.state).toBe("unknown");
    expect(r.waiversApplied).toEqual([]);
  });
  it("compiles a standalone condition for other evaluators (device filters, assumptions)", () => {
    const b = new SetBuilder();
    const expr = b.cmp("==", b.path("device.deviceName"), b.str("LAB-1"));
    const f = compileCondition(b.build(), expr);
    expect(f({ deviceName: "LAB-1" }, 0)).toBe(true);
    expect(f({ deviceName: "X" }, 0)).toBe(false);
    expect(f({}, 0)).toBeUndefined();
    expect(f(null, 0)).toBeUndefined();
  });
  it("keeps access policies and the hash for the access evaluator", () => {
    const set = new SetBuilder().build();
    const compiled = compile(set);
    expect(compiled.access).toBe(set.access);
    expect(compiled.hash).toBe("test-hash");
    expect(compiled.rootName).toBe("device");
  });
});
