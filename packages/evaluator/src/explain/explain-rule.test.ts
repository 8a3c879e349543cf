import { describe, expect, it } from "vitest";
import { SetBuilder, T_VERSION } from "../../test-support/checked-set-builder.js";
import { explainRule, traceRule } from "./explain-rule.js";
import { renderRemediation } from "./remediation.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

function explain(
  build: (b: SetBuilder) => {
    require: ReturnType<SetBuilder["cmp"]>;
    when?: ReturnType<SetBuilder["cmp"]>;
    remediation?: string;
  },
  root: unknown,
) {
  const b = new SetBuilder();
  const rule = build(b);
  const set = b.build();
  return explainRule({ set, rootName: "device", root, now: NOW, padding: "zero" }, rule);
}

describe("explanations", () => {
  it("names the failing comparison, its actual value and the smallest fix", () => {
    const e = explain((b) => ({ require: b.cmp(">=", b.path("device.osVersion"), b.str("10.0.19045", T_VERSION)) }), {
      osVersion: "10.0.19044",
    });
    expect(e).toEqual({
      facts: [{ path: "device.osVersion", value: "10.0.19044" }],
      failed: [{ path: "device.osVersion", actual: "10.0.19044", expected: ">= 10.0.19045" }],
      errors: [],
      fixes: [
        { path: "device.osVersion", text: "set `osVersion` to >= 10.0.19045", from: "10.0.19044", to: "10.0.19045" },
      ],
    });
  });
  it("blames only the failing side of `and` and both sides of `or`", () => {
    const and = explain(
      (b) => ({
        require: b.and(
          b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
          b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)),
        ),
      }),
      { isEncrypted: true, firewallEnabled: false },
    );
    expect(and.failed.map((f) => f.path)).toEqual(["device.firewallEnabled"]);
    expect(and.fixes.map((f) => f.text)).toEqual(["enable `firewallEnabled`"]);
    const or = explain(
      (b) => ({
        require: b.or(
          b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
          b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)),
        ),
      }),
      { isEncrypted: false, firewallEnabled: false },
    );
    expect(or.failed.map((f) => f.path)).toEqual(["device.isEncrypted", "device.firewallEnabled"]);
  });
  it("flips what is wanted under `not`", () => {
    const e = explain((b) => ({ require: b.not(b.cmp("==", b.path("device.jailBroken"), b.str("True"))) }), {
      jailBroken: "True",
    });
    expect(e.failed).toEqual([{ path: "device.jailBroken", actual: "True", expected: "not (== True)" }]);
    expect(e.fixes[0]!.text).toBe("change `jailBroken` from True");
  });
  it("reports missing and malformed facts as errors with codes", () => {
    const e = explain(
      (b) => ({
        require: b.and(
          b.cmp(">=", b.path("device.osVersion"), b.str("10", T_VERSION)),
          b.cmp(">=", b.path("device.passcodeLength"), b.num(6)),
        ),
      }),
      { osVersion: "10.x" },
    );
    expect(e.errors).toEqual([
      { path: "device.osVersion", reason: "component `x` of `10.x` is not a number", code: "CP4002" },
      { path: "device.passcodeLength", reason: "fact `device.passcodeLength` is missing", code: "CP4001" },
    ]);
    expect(e.fixes.map((f) => f.text)).toEqual([
      "fix `osVersion`: component `x` of `10.x` is not a number",
      "report `passcodeLength`",
    ]);
  });
  it("explains a rule's unknown `when` instead of its requirement", () => {
    const e = explain(
      (b) => ({
        when: b.cmp("==", b.path("device.deviceCategory"), b.str("Kiosk")),
        require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
      }),
      { isEncrypted: false },
    );
    expect(e.errors.map((x) => x.path)).toEqual(["device.deviceCategory"]);
  });
  it("emits read and leaf trace events", () => {
    const b = new SetBuilder();
    const rule = { require: b.in(b.path("device.deviceName"), b.list([b.str("A"), b.str("B")])) };
    const events = traceRule(
      { set: b.build(), rootName: "device", root: { deviceName: "C" }, now: NOW, padding: "zero" },
      rule,
    );
    expect(events.map((e) => e.kind)).toContain("read");
    expect(events.filter((e) => e.kind === "leaf")).toHaveLength(1);
  });
  it("notes a datetime without a zone, read as UTC", () => {
    const e = explain((b) => ({ require: b.within(b.path("device.lastSyncDateTime"), "1d") }), {
      lastSyncDateTime: "2026-11-20T00:00:00",
    });
    expect(e.notes).toEqual(["`device.lastSyncDateTime` has no time zone and was read as UTC"]);
    expect(e.failed).toHaveLength(1);
  });
  it("interpolates remediation text safely", () => {
    expect(
      renderRemediation("Update {device.osVersion} on {device.deviceName}", "device", { osVersion: "10.0.1" }),
    ).toBe("Update 10.0.1 on <missing>");
    expect(renderRemediation("{device.constructor} {signIn.user}", "device", {})).toBe("<missing> {signIn.user}");
  });
});
