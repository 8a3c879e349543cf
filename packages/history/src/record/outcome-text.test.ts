import { prepare, type DeviceResult } from "@tenet/evaluator";
import fc from "fast-check";
import { parseInstant } from "@tenet/parser";
import { describe, expect, it } from "vitest";
import { DAY, iso, mac, policySet, POLICY_V1, START, waiverFor, windows } from "../../test-support/fleet-fixture.js";
import { outcomeOf } from "./device-outcome.js";
import { outcomeHash } from "./record-run.js";
import { canonicalJson } from "./canonical-json.js";
import { outcomeText } from "./outcome-text.js";

/** Results of every kind the fixture policies give: compliant, in grace, noncompliant, waived, erring, inactive. */
function results(): Record<string, DeviceResult> {
  const set = policySet(`${POLICY_V1}\n${waiverFor(["w4"], "2027-01-01")}`);
  const now = START + DAY;
  const prepared = prepare(set.compiled, { now: parseInstant(iso(now)).value!, explain: true, rules: "failures" });
  const { deviceName: _, ...unnamed } = mac("m2", now);
  return {
    compliant: prepared.evaluate(windows("w1", now)),
    grace: prepared.evaluate(windows("w2", now, { firewallEnabled: false })),
    noncompliant: prepared.evaluate(windows("w3", now, { osVersion: "10.0.22631.1" }), {
      deviceState: "inGracePeriod",
      noncompliantSince: { win: iso(START - 5 * DAY) },
    }),
    encryption: prepared.evaluate(mac("m1", now, { isEncrypted: false })),
    unnamed: prepared.evaluate(unnamed),
    waived: prepared.evaluate(windows("w4", now, { firewallEnabled: false })),
    missing: prepared.evaluate(windows("w5", now, { firewallEnabled: undefined })),
    name: prepared.evaluate(windows("w6", now, { deviceName: 'Ä "quoted" \\ \u2028 \ud83d\ude00 \u0001' })),
    inactive: prepared.evaluate(windows("w7", now - 60 * DAY)),
    erring: prepared.evaluate(windows("w8", now, { osVersion: 10 as unknown as string }), {
      settingErrors: { win: { os: iso(START - 2 * DAY) } },
      pendingPolicies: ["mac", "win"],
    }),
  };
}

describe("outcome hashes", () => {
  it("are those stores already hold (pinned from the build before outcomes were written directly)", () => {
    const hashes = Object.fromEntries(Object.entries(results()).map(([k, r]) => [k, outcomeHash(outcomeOf(r))]));
    expect(hashes).toEqual(PINNED);
  });
});

describe("outcomeText", () => {
  it("writes the evaluator's results as canonicalJson writes their outcomes", () => {
    for (const result of Object.values(results())) expect(outcomeText(result)).toBe(canonicalJson(outcomeOf(result)));
  });

  it("writes any result as canonicalJson writes its outcome", () => {
    fc.assert(
      fc.property(deviceResult(), (result) => {
        expect(outcomeText(result)).toBe(canonicalJson(outcomeOf(result)));
      }),
      { numRuns: 500 },
    );
  });
});

/** An object with the given members in a random order (canonical JSON sorts them; the evaluator's records are not in order). */
function shuffled(members: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.record(members, { requiredKeys: [] }), fc.integer()).map(([o, seed]) => {
    const entries = Object.entries(o);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.abs(seed + i * 7919) % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries);
  });
}

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const instant = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());

function deviceResult(): fc.Arbitrary<DeviceResult> {
  const states = ["compliant", "noncompliant", "inGracePeriod", "error", "unknown", "notApplicable", "conflict"];
  const statuses = ["pass", "fail", "error", "unknown", "waived", "notApplicable"];
  const explanation = fc.record({
    facts: fc.constant([]),
    failed: fc.array(
      fc.record(
        { path: text, actual: fc.jsonValue(), expected: text, reason: text },
        { requiredKeys: ["actual", "expected"] },
      ),
      { maxLength: 3 },
    ),
    errors: fc.array(fc.record({ path: text, reason: text, code: fc.constant("CP4001") }), { maxLength: 2 }),
    fixes: fc.constant([]),
  });
  const rule = fc.record(
    {
      id: text,
      rule: text,
      title: text,
      status: fc.constantFrom(...statuses),
      severity: fc.constant("high"),
      enforcement: fc.constant("enforce"),
      controls: fc.constant([]),
      explanation,
      waiver: text,
    },
    { requiredKeys: ["id", "rule", "title", "status", "severity", "enforcement", "controls"] },
  );
  const policy = fc.record(
    {
      policy: text,
      title: text,
      state: fc.constantFrom(...states),
      rules: fc.array(rule, { maxLength: 4 }),
      noncompliantSince: instant,
      graceEndsAt: optional(instant),
    },
    { requiredKeys: ["policy", "title", "state", "rules"] },
  );
  const record = shuffled({
    policy: text,
    action: fc.constantFrom("notify", "markNoncompliant", "retire"),
    afterMillis: fc.oneof(fc.integer({ min: 0 }), fc.double()),
    dueAt: instant,
  });
  // The evaluator's records, and records it does not make: a key more, no prototype, an inherited member.
  const action = fc.oneof(
    { weight: 4, arbitrary: record },
    record.map((o) => ({ ...o, extra: [1] })),
    record.map((o) => Object.assign(Object.create(null) as object, o)),
    record.map((o) => Object.assign(Object.create({ dueAt: "inherited" }) as object, o)),
  );
  const own = shuffled({
    noncompliantSince: fc.dictionary(text, instant),
    settingErrors: fc.dictionary(text, fc.dictionary(text, instant)),
    deviceState: fc.constantFrom(...states),
    pendingPolicies: fc.array(text),
  });
  // Also a state that is only a device state (most devices'), and states with an inherited enumerable member, which canonical JSON leaves out.
  const inheriting = (o: object) => Object.assign(Object.create({ deviceState: "inherited" }) as object, o);
  const next = fc.oneof(
    own,
    fc.record({ deviceState: fc.constantFrom(...states) }),
    own.map(inheriting),
    fc.constant({}).map(inheriting),
    own.map((o) => ({ ...o, other: "x" })),
    own.map((o) => Object.assign(Object.create(null) as object, o)),
  );
  return fc.record(
    {
      deviceId: text,
      deviceName: optional(text),
      platform: text,
      state: fc.constantFrom(...states),
      policies: fc.array(policy, { maxLength: 4 }),
      defaultPolicy: fc.record({
        state: fc.constantFrom("compliant", "noncompliant"),
        failed: fc.subarray(["hasCompliancePolicyAssigned", "isActive", "enrolledUserExists"]),
      }),
      actions: fc.record({ due: fc.array(action, { maxLength: 3 }), pending: fc.array(action, { maxLength: 3 }) }),
      waiversApplied: fc.array(text, { maxLength: 3 }),
      next,
      policySetHash: fc.constant("x"),
      now: instant,
      engineVersion: fc.constant("1"),
    },
    { requiredKeys: ["state", "policies", "defaultPolicy", "actions", "waiversApplied", "next"] },
  ) as unknown as fc.Arbitrary<DeviceResult>;
}

const PINNED = {
  compliant: "2d54c05443da9c0026c50ff50a8b7325fecfbe7e957819763197fa76b55063d8",
  grace: "85011b82f0823d9f3f85f0b8572a15abb3c260894bfc5172c90b094b77b2e6f7",
  noncompliant: "3b081489b12ece3f369f7f4b2b50071cda64cf2eb34db8b80b22116d79643f91",
  encryption: "e33d2457ff90ed753aadaae5162085a78bcd6b52f8cc1e7e4ad8b26766db814e",
  unnamed: "e9386e866c1bd7a94941d141aab6ea95c9750c7fb3d99817c893502925cc06c6",
  waived: "214c4f4d148ffbe7f04862716361d2d4111336345075b66816469da52ec8d673",
  missing: "092cb079cea3063c57bbb0fd46b84296fe8bbf16e2ab7382526ab34cc49af313",
  name: "c04304b18b053018f02eb5786016ff431f72217dc591e5d605761e0ba609f1eb",
  inactive: "c57072b9cd444428773cf836b4e5b254f94033e7f62a71fafa30a8014d2fa1ad",
  erring: "9688ad13747b6cbceb08b30b4f075a1beab213832118c42ed4a3e3d5936180f8",
};
