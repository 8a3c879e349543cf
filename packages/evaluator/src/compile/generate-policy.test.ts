import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { evaluate } from "../evaluate/evaluate.js";
import { referenceEvaluate } from "../reference/reference-evaluate.js";
import { SetBuilder, T_STR } from "../../test-support/checked-set-builder.js";

const NOW = "2026-11-25T12:00:00Z";

describe("generatePolicy", () => {
  it("decides a policy's rules in one generated function, agreeing with the reference interpreter", () => {
    const b = new SetBuilder();
    b.let("windows", b.cmp("==", b.path("device.operatingSystem"), b.str("Windows")));
    b.policy("p", [
      { name: "enc", when: b.path("windows"), require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)) },
      { name: "os", require: b.cmp(">=", b.path("device.osVersion"), b.str("10.0.19045", { kind: "version" })) },
    ]);
    const set = b.build();
    const compiled = compile(set);
    expect(compiled.policies[0]!.decide).toBeTypeOf("function");
    for (const facts of [
      { operatingSystem: "Windows", isEncrypted: true, osVersion: "10.0.19045" },
      { operatingSystem: "Windows", isEncrypted: "yes", osVersion: "10.0" },
      { operatingSystem: "macOS", osVersion: "x" },
      {},
    ]) {
      expect(evaluate(compiled, facts, { now: NOW })).toEqual(referenceEvaluate(set, facts, { now: NOW }));
    }
  });

  it("reads a property whose name holds quotes and code as a plain own property (no text reaches the source)", () => {
    const b = new SetBuilder();
    const name = `a"]; throw new Error("injected"); //\\`;
    b.policy("p", [{ name: "odd", require: b.cmp("==", b.path(`device.${name}`, T_STR), b.str(`x"; y`)) }]);
    const compiled = compile(b.build());
    const statuses = (facts: unknown) =>
      evaluate(compiled, facts, { now: NOW }).policies[0]!.rules.map((r) => r.status);
    expect(statuses({ [name]: `x"; y` })).toEqual(["pass"]);
    expect(statuses({ [name]: "other" })).toEqual(["fail"]);
    // Inherited members are never facts, whatever the name.
    const inherited = compile(
      (() => {
        const c = new SetBuilder();
        c.policy("p", [{ name: "c", require: c.cmp("==", c.path("device.constructor", T_STR), c.str("x")) }]);
        return c.build();
      })(),
    );
    expect(evaluate(inherited, {}, { now: NOW }).policies[0]!.rules.map((r) => r.status)).toEqual(["error"]);
  });

  it("reads only own properties, whatever the snapshot's prototype and even with Object.prototype polluted", () => {
    const b = new SetBuilder();
    b.policy("p", [
      { name: "fw", require: b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)) },
      { name: "bl", require: b.cmp("==", b.path("device.health.bitLocker", T_STR), b.str("on")) },
    ]);
    const set = b.build();
    const compiled = compile(set);
    const statuses = (facts: unknown) =>
      evaluate(compiled, facts, { now: NOW }).policies[0]!.rules.map((r) => r.status);
    const own = { firewallEnabled: true, health: { bitLocker: "on" } };
    expect(statuses(own)).toEqual(["pass", "pass"]);
    expect(statuses(Object.assign(Object.create(null) as object, own))).toEqual(["pass", "pass"]);
    // Inherited from a prototype of the snapshot's own: not facts.
    expect(statuses(Object.create(own) as object)).toEqual(["error", "error"]);
    expect(statuses({ health: Object.create({ bitLocker: "on" }) as object })).toEqual(["error", "error"]);
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto["firewallEnabled"] = true;
      proto["bitLocker"] = "on";
      for (const facts of [{}, { health: {} }, { firewallEnabled: false, health: { bitLocker: "off" } }, own]) {
        expect(evaluate(compiled, facts, { now: NOW })).toEqual(referenceEvaluate(set, facts, { now: NOW }));
      }
      expect(statuses({ health: {} })).toEqual(["error", "error"]);
    } finally {
      delete proto["firewallEnabled"];
      delete proto["bitLocker"];
    }
    expect(statuses({ health: {} })).toEqual(["error", "error"]);
  });

  it("leaves a policy too large to generate on its per-rule closures, with the same results", () => {
    const b = new SetBuilder();
    const rules = Array.from({ length: 400 }, (_, i) => ({
      name: `r${i}`,
      require: b.cmp("==", b.path(`device.f${i % 7}`, T_STR), b.str(`v${i}`)),
    }));
    b.policy("big", rules);
    const set = b.build();
    const compiled = compile(set);
    expect(compiled.policies[0]!.decide).toBeUndefined();
    const facts = { f0: "v0", f1: "v8", f3: 5 };
    expect(evaluate(compiled, facts, { now: NOW })).toEqual(referenceEvaluate(set, facts, { now: NOW }));
  });
});
