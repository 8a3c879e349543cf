import { describe, expect, it } from "vitest";
import { compile } from "../compile/compile.js";
import { evaluate } from "./evaluate.js";
import { InvalidNowError } from "./evaluation-instant.js";
import { ENGINE_VERSION } from "./engine-version.js";
import { DAY, HOUR, SetBuilder, T_VERSION, T_THREAT } from "../../test-support/checked-set-builder.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";

const NOW = "2026-11-25T12:00:00Z";
const NOW_MS = Date.parse(NOW);
const iso = (ms: number) => new Date(ms).toISOString();

function osMin(min: string, extra: Partial<Parameters<SetBuilder["policy"]>[2]> = {}) {
  const b = new SetBuilder();
  b.policy("win", [{ name: "os", require: b.cmp(">=", b.path("device.osVersion"), b.str(min, T_VERSION)) }], {
    platforms: ["windows"],
    ...extra,
  });
  return compile(b.build());
}

const win = (extra: Record<string, unknown> = {}) => ({
  id: "d1",
  operatingSystem: "Windows",
  lastSyncDateTime: NOW,
  ...extra,
});
const run = (set: ReturnType<typeof compile>, facts: unknown, opts: Partial<EvaluateOptions> = {}): DeviceResult =>
  evaluate(set, facts, { now: NOW, ...opts });
const ruleOf = (r: DeviceResult, i = 0, p = 0) => r.policies[p]!.rules[i]!;

describe("rule outcomes", () => {
  it("compares versions numerically, inclusive at the minimum", () => {
    const set = osMin("10.0.22631.2861");
    expect(ruleOf(run(set, win({ osVersion: "10.0.22631.10000" }))).status).toBe("pass");
    expect(ruleOf(run(set, win({ osVersion: "10.0.22631.2861" }))).status).toBe("pass");
    expect(ruleOf(run(set, win({ osVersion: "10.0.22631.999" }))).status).toBe("fail");
  });
  it("treats 3- and 4-part versions per the padding option", () => {
    const set = osMin("10.0.22631.0");
    expect(ruleOf(run(set, win({ osVersion: "10.0.22631" }))).status).toBe("pass");
    const less = run(set, win({ osVersion: "10.0.22631" }), { tenant: { versionPadding: "less" } });
    expect(ruleOf(less).status).toBe("fail");
    expect(ruleOf(run(osMin("14"), win({ osVersion: "14.0" }))).status).toBe("pass");
  });
  it("makes a malformed device version an error with its path and reason", () => {
    const r = run(osMin("10.0.19045"), win({ osVersion: "10.0.x" }));
    expect(ruleOf(r).status).toBe("error");
    expect(r.policies[0]!.state).toBe("error");
    const err = ruleOf(r).explanation!.errors[0]!;
    expect(err.path).toBe("device.osVersion");
    expect(err.code).toBe("CP4002");
    expect(err.reason).toContain("`x`");
  });
  it("makes a missing fact an error by default, or unknown/fail per `on unknown`", () => {
    const b = new SetBuilder();
    const req = () => b.cmp("==", b.path("device.isEncrypted"), b.bool(true));
    b.policy("p", [
      { name: "dflt", require: req() },
      { name: "unk", require: req(), onUnknown: "unknown" },
      { name: "fl", require: req(), onUnknown: "fail" },
    ]);
    const r = run(compile(b.build()), win());
    expect(r.policies[0]!.rules.map((x) => x.status)).toEqual(["error", "unknown", "fail"]);
    expect(ruleOf(r).explanation!.errors).toEqual([
      { path: "device.isEncrypted", reason: "fact `device.isEncrypted` is missing", code: "CP4001" },
    ]);
    expect(ruleOf(r).explanation!.fixes[0]!.text).toBe("report `isEncrypted`");
  });
  it("uses Kleene logic: true or missing passes, false and missing fails", () => {
    const b = new SetBuilder();
    b.policy("p", [
      {
        name: "or",
        require: b.or(
          b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
          b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)),
        ),
      },
      {
        name: "and",
        require: b.and(
          b.cmp("==", b.path("device.isEncrypted"), b.bool(false)),
          b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)),
        ),
      },
      { name: "notmissing", require: b.not(b.cmp("==", b.path("device.firewallEnabled"), b.bool(true))) },
    ]);
    const r = run(compile(b.build()), win({ isEncrypted: true }));
    expect(r.policies[0]!.rules.map((x) => x.status)).toEqual(["pass", "fail", "error"]);
  });
  it("compares ordered enums by rank and explains the smallest fix", () => {
    const b = new SetBuilder();
    b.policy("p", [
      { name: "threat", require: b.cmp("<=", b.path("device.deviceThreatLevel"), b.str("medium", T_THREAT)) },
    ]);
    const set = compile(b.build());
    expect(ruleOf(run(set, win({ deviceThreatLevel: "low" }))).status).toBe("pass");
    expect(ruleOf(run(set, win({ deviceThreatLevel: "medium" }))).status).toBe("pass");
    const r = run(set, win({ deviceThreatLevel: "high" }));
    expect(ruleOf(r).status).toBe("fail");
    expect(ruleOf(r).explanation!.fixes[0]!.text).toBe("set `deviceThreatLevel` to medium or lower");
    expect(ruleOf(r).explanation!.failed[0]).toEqual({
      path: "device.deviceThreatLevel",
      actual: "high",
      expected: "<= medium",
    });
    expect(ruleOf(run(set, win({ deviceThreatLevel: "catastrophic" }))).status).toBe("error");
  });
  it("compares Android patch levels as dates", () => {
    const b = new SetBuilder();
    b.policy("p", [
      {
        name: "patch",
        require: b.cmp(">=", b.path("device.androidSecurityPatchLevel"), b.str("2025-02-01", { kind: "date" })),
      },
    ]);
    const set = compile(b.build());
    expect(ruleOf(run(set, win({ androidSecurityPatchLevel: "2025-02-01" }))).status).toBe("pass");
    expect(ruleOf(run(set, win({ androidSecurityPatchLevel: "2025-01-31" }))).status).toBe("fail");
    expect(ruleOf(run(set, win({ androidSecurityPatchLevel: "February 1, 2025" }))).status).toBe("error");
  });
  it("evaluates `within` against now, inclusive", () => {
    const b = new SetBuilder();
    b.policy("p", [
      { name: "active", require: b.within(b.path("device.lastSyncDateTime"), "30d") },
      { name: "stale", require: b.within(b.path("device.lastSyncDateTime"), "30d", true) },
    ]);
    const set = compile(b.build());
    const at = (ms: number) => run(set, win({ lastSyncDateTime: iso(ms) })).policies[0]!.rules.map((x) => x.status);
    expect(at(NOW_MS - 30 * DAY)).toEqual(["pass", "fail"]);
    expect(at(NOW_MS - 30 * DAY - 1000)).toEqual(["fail", "pass"]);
    const r = run(set, win({ lastSyncDateTime: iso(NOW_MS - 40 * DAY) }));
    expect(ruleOf(r).explanation!.fixes[0]!.text).toBe("check in (`lastSyncDateTime` within 30d)");
  });
  it("explains booleans and renders remediation with missing placeholders", () => {
    const b = new SetBuilder();
    b.policy("p", [
      {
        name: "enc",
        require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
        remediation: "Encrypt {device.deviceName} ({device.serialNumber})",
        controls: [{ framework: "gdpr", id: "Art.32" }],
      },
    ]);
    const r = run(compile(b.build()), win({ isEncrypted: false, deviceName: "LAPTOP-1" }));
    const rule = ruleOf(r);
    expect(rule.controls).toEqual([{ framework: "gdpr", id: "Art.32" }]);
    expect(rule.explanation).toMatchObject({
      facts: [{ path: "device.isEncrypted", value: false }],
      remediation: "Encrypt LAPTOP-1 (<missing>)",
      fixes: [{ path: "device.isEncrypted", text: "enable `isEncrypted`", from: false, to: true }],
    });
  });
  it("supports membership, string operators, quantifiers and safe regex", () => {
    const b = new SetBuilder();
    const appT = { kind: "object", properties: {}, open: true } as const;
    b.policy("p", [
      { name: "in", require: b.in(b.path("device.jailBroken"), b.list([b.str("False"), b.str("Unknown")])) },
      { name: "tag", require: b.sop("contains", b.path("device.tags"), b.str("corp")) },
      { name: "name", require: b.sop("startsWith", b.path("device.deviceName"), b.str("LAB-")) },
      { name: "re", require: b.sop("matches", b.path("device.deviceName"), b.str("^(a+)+$")) },
      {
        name: "noapp",
        require: b.not(
          b.quant(
            "any",
            "app",
            b.path("device.detectedApps"),
            b.cmp("==", b.path("app.displayName", { kind: "string" }), b.str("BitTorrent")),
          ),
        ),
      },
    ]);
    void appT;
    const set = compile(b.build());
    const r = run(
      set,
      win({ jailBroken: "False", tags: ["corp", "x"], deviceName: "LAB-7", detectedApps: [{ displayName: "Word" }] }),
    );
    expect(r.policies[0]!.rules.map((x) => x.status)).toEqual(["pass", "pass", "pass", "fail", "pass"]);
    const hostile = run(
      set,
      win({ deviceName: `${"a".repeat(100_000)}!`, detectedApps: [{ displayName: "BitTorrent" }] }),
    );
    expect(hostile.policies[0]!.rules[3]!.status).toBe("fail");
    expect(hostile.policies[0]!.rules[4]!.status).toBe("fail");
    expect(hostile.policies[0]!.rules[4]!.explanation!.failed[0]!.path).toBe("device.detectedApps[0].displayName");
  });
});

describe("policy and device states", () => {
  it("maps platforms: iPadOS counts as iOS, other platforms are notApplicable", () => {
    const b = new SetBuilder();
    b.policy("ios", [{ name: "enc", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)) }], {
      platforms: ["iOS"],
    });
    b.policy("wp", [{ name: "enc", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)) }], {
      platforms: ["androidWorkProfile"],
    });
    const set = compile(b.build());
    const ipad = run(set, { operatingSystem: "iPadOS", isEncrypted: true });
    expect(ipad.policies.map((p) => p.state)).toEqual(["compliant", "notApplicable"]);
    const android = run(set, { operatingSystem: "Android", androidManagementMode: "workProfile", isEncrypted: false });
    expect(android.policies.map((p) => p.state)).toEqual(["notApplicable", "noncompliant"]);
    const owner = run(set, { operatingSystem: "Android", androidManagementMode: "fullyManaged", isEncrypted: false });
    expect(owner.policies.map((p) => p.state)).toEqual(["notApplicable", "notApplicable"]);
    expect(owner.state).toBe("compliant");
    const nos = run(set, { isEncrypted: true });
    expect(nos.policies[0]!.state).toBe("error");
    expect(nos.policies[0]!.rules[0]!.explanation!.errors[0]!.path).toBe("device.operatingSystem");
  });
  it("takes the worst state over several policies", () => {
    const b = new SetBuilder();
    b.policy("a", [{ name: "enc", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)) }]);
    b.policy("b", [{ name: "fw", require: b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)) }], {
      schedule: [{ afterMillis: 72 * HOUR, action: "markNoncompliant", args: [] }],
    });
    const set = compile(b.build());
    const r = run(set, win({ isEncrypted: true, firewallEnabled: false }));
    expect(r.policies.map((p) => p.state)).toEqual(["compliant", "inGracePeriod"]);
    expect(r.state).toBe("inGracePeriod");
    const r2 = run(set, win({ isEncrypted: false, firewallEnabled: false }));
    expect(r2.state).toBe("noncompliant");
  });
  it("applies the grace period from the first noncompliance, expiring at its instant", () => {
    const set = osMin("10.0.19045", {
      schedule: [
        { afterMillis: 0, action: "notify", args: [] },
        { afterMillis: 72 * HOUR, action: "markNoncompliant", args: [] },
        { afterMillis: 30 * DAY, action: "retire", args: [] },
      ],
    });
    const facts = win({ osVersion: "10.0.19000" });
    const first = run(set, facts);
    expect(first.policies[0]!.state).toBe("inGracePeriod");
    expect(first.policies[0]!.noncompliantSince).toBe(NOW.replace("Z", ".000Z"));
    expect(first.policies[0]!.graceEndsAt).toBe(iso(NOW_MS + 72 * HOUR));
    expect(first.actions.due.map((a) => a.action)).toEqual(["notify"]);
    expect(first.actions.pending.map((a) => a.action)).toEqual(["markNoncompliant", "retire"]);
    expect(first.next.noncompliantSince).toEqual({ win: iso(NOW_MS) });
    const since = (ms: number) => ({ previous: { noncompliantSince: { win: iso(ms) } } });
    expect(run(set, facts, since(NOW_MS - 72 * HOUR + 1)).policies[0]!.state).toBe("inGracePeriod");
    const expired = run(set, facts, since(NOW_MS - 72 * HOUR));
    expect(expired.policies[0]!.state).toBe("noncompliant");
    expect(expired.actions.due.map((a) => a.action)).toEqual(["notify", "markNoncompliant"]);
    // The snapshot's own `noncompliantSince` extension is read when no previous state is given.
    expect(run(set, { ...facts, noncompliantSince: { win: iso(NOW_MS - 4 * DAY) } }).policies[0]!.state).toBe(
      "noncompliant",
    );
    // Compliant again: nothing carried forward.
    expect(run(set, win({ osVersion: "10.0.19045" }), since(NOW_MS - DAY)).next.noncompliantSince).toBeUndefined();
  });
  it("applies the validity period strictly after the threshold", () => {
    const set = osMin("10.0.19045");
    const at = (ms: number, days?: number) =>
      run(
        set,
        win({ osVersion: "10.0.19045", lastSyncDateTime: iso(ms) }),
        days === undefined ? {} : { tenant: { deviceComplianceCheckinThresholdDays: days } },
      );
    expect(at(NOW_MS - 30 * DAY).defaultPolicy).toEqual({ state: "compliant", failed: [] });
    const late = at(NOW_MS - 31 * DAY);
    expect(late.defaultPolicy).toEqual({
      state: "noncompliant",
      failed: ["isActive"],
      inactive: { lastSyncDateTime: iso(NOW_MS - 31 * DAY), thresholdDays: 30 },
    });
    expect(late.state).toBe("noncompliant");
    expect(at(NOW_MS - 31 * DAY, 60).state).toBe("compliant");
  });
  it("marks devices without an applicable policy per secureByDefault, and missing enrolled users", () => {
    const set = osMin("10.0.19045");
    const mac = { operatingSystem: "macOS", lastSyncDateTime: NOW };
    expect(run(set, mac).state).toBe("compliant");
    const strict = run(set, mac, { tenant: { secureByDefault: true } });
    expect(strict.defaultPolicy.failed).toEqual(["hasCompliancePolicyAssigned"]);
    expect(strict.state).toBe("noncompliant");
    expect(run(set, win({ osVersion: "10.0.19045" }), { tenant: { secureByDefault: true } }).state).toBe("compliant");
    expect(run(set, win({ osVersion: "10.0.19045", enrolledUserExists: false })).defaultPolicy.failed).toEqual([
      "enrolledUserExists",
    ]);
  });
  it("keeps the previous device state for seven days of errors, then turns noncompliant", () => {
    const set = osMin("10.0.19045");
    const facts = win({ osVersion: "garbage" });
    const errSince = (ms: number) => ({
      previous: { deviceState: "compliant" as const, settingErrors: { win: { os: iso(ms) } } },
    });
    expect(run(set, facts).state).toBe("error");
    expect(run(set, facts, { previous: { deviceState: "compliant" } }).state).toBe("compliant");
    expect(run(set, facts, errSince(NOW_MS - 7 * DAY)).state).toBe("compliant");
    expect(run(set, facts, errSince(NOW_MS - 7 * DAY - 1)).state).toBe("noncompliant");
    expect(run(set, facts).next.settingErrors).toEqual({ win: { os: iso(NOW_MS) } });
    expect(run(set, facts, errSince(NOW_MS - DAY)).next.settingErrors).toEqual({ win: { os: iso(NOW_MS - DAY) } });
  });
  it("reports pending policies as unknown", () => {
    const set = osMin("10.0.19045");
    const r = run(set, win({ osVersion: "10.0.1" }), { previous: { pendingPolicies: ["win"] } });
    expect(r.policies[0]!.state).toBe("unknown");
    expect(r.state).toBe("compliant");
  });
  it("reports advisory rules without changing the state", () => {
    const b = new SetBuilder();
    b.policy("p", [
      { name: "fw", require: b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)), enforcement: "advisory" },
    ]);
    const r = run(compile(b.build()), win({ firewallEnabled: false }));
    expect(ruleOf(r).status).toBe("fail");
    expect(r.policies[0]!.state).toBe("compliant");
  });
  it("makes a policy notApplicable when its `when` is false and error when unknown", () => {
    const b = new SetBuilder();
    b.policy("p", [{ name: "fw", require: b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)) }], {
      when: b.cmp("!=", b.path("device.deviceCategory"), b.str("Kiosk")),
    });
    const set = compile(b.build());
    expect(run(set, win({ deviceCategory: "Kiosk" })).policies[0]!.state).toBe("notApplicable");
    expect(run(set, win({ deviceCategory: "Office", firewallEnabled: true })).policies[0]!.state).toBe("compliant");
    const unknownWhen = run(set, win({ firewallEnabled: true }));
    expect(unknownWhen.policies[0]!.state).toBe("error");
    expect(ruleOf(unknownWhen).status).toBe("error");
    expect(ruleOf(unknownWhen).explanation!.errors).toEqual([
      { path: "device.deviceCategory", reason: "fact `device.deviceCategory` is missing", code: "CP4001" },
    ]);
  });
  it('lists only unmet rules with `rules: "failures"`, with the same states', () => {
    const b = new SetBuilder();
    const kiosk = b.cmp("==", b.path("device.deviceCategory"), b.str("Kiosk"));
    b.policy("p", [
      { name: "fw", require: b.cmp("==", b.path("device.firewallEnabled"), b.bool(true)) },
      { name: "lock", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)), when: kiosk },
    ]);
    b.policy("kiosk-only", [
      { name: "lock", require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)), when: kiosk },
    ]);
    const set = compile(b.build());
    const office = win({ deviceCategory: "Office", firewallEnabled: true });
    const failuresOnly = run(set, office, { rules: "failures" });
    // Every rule of `kiosk-only` is not applicable: the policy is notApplicable, not compliant, in both modes.
    expect(failuresOnly.policies.map((p) => [p.state, p.rules.length])).toEqual([
      ["compliant", 0],
      ["notApplicable", 0],
    ]);
    expect(run(set, office).policies.map((p) => [p.state, p.rules.length])).toEqual([
      ["compliant", 2],
      ["notApplicable", 1],
    ]);
    const broken = run(set, win({ deviceCategory: "Kiosk", firewallEnabled: false, isEncrypted: true }), {
      rules: "failures",
    });
    expect(broken.policies[0]!.rules.map((r) => [r.rule, r.status])).toEqual([["fw", "fail"]]);
    expect(broken.policies.map((p) => p.state)).toEqual(["noncompliant", "compliant"]);
  });
});

describe("waivers", () => {
  function waived(
    opts: { expires?: string; scope?: boolean; deviceIds?: string[]; enforcement?: "soft" | "hard" } = {},
  ) {
    const b = new SetBuilder();
    b.policy("p", [
      {
        name: "enc",
        require: b.cmp("==", b.path("device.isEncrypted"), b.bool(true)),
        enforcement: opts.enforcement ?? "soft",
      },
    ]);
    b.waiver("lab", [{ policy: "p", rule: "enc" }], opts.expires ?? "2027-01-01T00:00:00Z", {
      ...(opts.scope ? { scope: b.sop("startsWith", b.path("device.deviceName"), b.str("LAB-")) } : {}),
      ...(opts.deviceIds ? { deviceIds: opts.deviceIds } : {}),
    });
    return compile(b.build());
  }
  it("shows a waived failure as waived, never pass, and counts it as compliant", () => {
    const r = run(waived(), win({ isEncrypted: false }));
    expect(ruleOf(r).status).toBe("waived");
    expect(ruleOf(r).waiver).toBe("lab");
    expect(ruleOf(r).explanation!.failed).toHaveLength(1);
    expect(r.waiversApplied).toEqual(["lab"]);
    expect(r.state).toBe("compliant");
    expect(ruleOf(run(waived(), win({ isEncrypted: true }))).status).toBe("pass");
  });
  it("stops applying at the expiry instant", () => {
    const exp = (ms: number) => run(waived({ expires: iso(ms) }), win({ isEncrypted: false }));
    expect(ruleOf(exp(NOW_MS + 1)).status).toBe("waived");
    expect(ruleOf(exp(NOW_MS)).status).toBe("fail");
  });
  it("respects scope and device ids, and never applies to hard rules", () => {
    expect(ruleOf(run(waived({ scope: true }), win({ isEncrypted: false, deviceName: "LAB-1" }))).status).toBe(
      "waived",
    );
    expect(ruleOf(run(waived({ scope: true }), win({ isEncrypted: false, deviceName: "HR-1" }))).status).toBe("fail");
    expect(ruleOf(run(waived({ scope: true }), win({ isEncrypted: false }))).status).toBe("fail");
    expect(ruleOf(run(waived({ deviceIds: ["d1"] }), win({ isEncrypted: false }))).status).toBe("waived");
    expect(ruleOf(run(waived({ deviceIds: ["d2"] }), win({ isEncrypted: false }))).status).toBe("fail");
    expect(ruleOf(run(waived({ enforcement: "hard" }), win({ isEncrypted: false }))).status).toBe("fail");
  });
});

describe("results and inputs", () => {
  it("records the hash, now and engine version and is deterministic", () => {
    const set = osMin("10.0.19045");
    const a = run(set, win({ osVersion: "10.0.1" }), { now: NOW_MS });
    const b = run(set, win({ osVersion: "10.0.1" }), { now: new Date(NOW_MS) });
    expect(a).toEqual(b);
    expect(a.policySetHash).toBe("test-hash");
    expect(a.now).toBe("2026-11-25T12:00:00.000Z");
    expect(a.engineVersion).toBe(ENGINE_VERSION);
    expect(a.deviceId).toBe("d1");
  });
  it("throws a typed error for an invalid now", () => {
    const set = osMin("10.0.19045");
    expect(() => run(set, win(), { now: "not a time" })).toThrow(InvalidNowError);
    try {
      run(set, win(), { now: Number.NaN });
    } catch (e) {
      expect((e as InvalidNowError).code).toBe("CP5007");
    }
  });
  it("handles hostile snapshots promptly without touching prototypes", () => {
    const set = osMin("10.0.19045");
    const proto = JSON.parse(
      '{"__proto__": {"osVersion": "99"}, "constructor": {"prototype": {"osVersion": "99"}}, "operatingSystem": "Windows"}',
    ) as unknown;
    const r = run(set, proto);
    expect(ruleOf(r).status).toBe("error");
    expect(({} as Record<string, unknown>)["osVersion"]).toBeUndefined();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100_000; i++) deep = { osVersion: deep };
    expect(ruleOf(run(set, { ...deep, operatingSystem: "Windows" })).status).toBe("error");
    const huge = run(set, win({ osVersion: "1".repeat(50 * 1024 * 1024) }));
    expect(ruleOf(huge).status).toBe("error");
    expect(String(ruleOf(huge).explanation!.facts[0]!.value).length).toBeLessThan(400);
    for (const bad of [null, 42, "x", [], undefined]) expect(run(set, bad).policies[0]!.state).toBe("error");
    // A deep object where a version is expected: the result stays serialisable.
    let nested: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) nested = { a: nested };
    const deepResult = run(set, win({ osVersion: nested }));
    expect(ruleOf(deepResult).status).toBe("error");
    expect(JSON.stringify(deepResult).length).toBeLessThan(10_000);
  });
});
