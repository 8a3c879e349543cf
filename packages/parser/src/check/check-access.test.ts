import { describe, expect, it } from "vitest";
import {
  access,
  basics,
  cond,
  control,
  duration,
  entraFilter,
  grant,
  item,
  recordingContext,
  session,
  state,
  tenetFilter,
  words,
} from "../../test-support/access-ast.js";
import type { AccessClause, Expr } from "../ast/nodes.js";
import { checkAccess } from "./check-access.js";

function run(...clauses: AccessClause[]) {
  const ctx = recordingContext();
  const decl = access("p", ...clauses);
  const value = checkAccess(decl, ctx);
  return { value, decl, diagnostics: ctx.diagnostics, codes: ctx.diagnostics.map((d) => d.code), ctx };
}
const clean = (...clauses: AccessClause[]) => {
  const r = run(...clauses);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
};
const [users, apps, mfa] = [
  () => cond("users", [item("all")]),
  () => cond("apps", [item("all")]),
  () => grant("all", "mfa"),
];

describe("checkAccess: normalisation", () => {
  it("gives an all-users all-apps MFA policy with every other condition unconfigured", () => {
    const v = clean(...basics());
    expect(v).toMatchObject({
      name: "p",
      title: "p title",
      state: "enabled",
      users: { include: [{ kind: "all" }], exclude: [] },
      apps: { include: [{ kind: "all" }], exclude: [] },
    });
    expect(v.grant).toEqual({ kind: "controls", operator: "AND", controls: [{ kind: "mfa" }] });
    expect(v.session).toEqual({});
    for (const key of [
      "clientAppTypes",
      "platforms",
      "locations",
      "signInRisk",
      "userRisk",
      "authenticationFlows",
      "deviceFilter",
    ])
      expect(v, key).not.toHaveProperty(key);
  });

  it("maps state report-only to reportOnly", () => {
    expect(clean(state("report-only"), ...basics()).state).toBe("reportOnly");
    expect(clean(state("disabled"), ...basics()).state).toBe("disabled");
  });

  it("expands selector values into one selector each, on both sides", () => {
    const v = clean(
      cond(
        "users",
        [item("group", "g1", "g2"), item("role", "r1"), item("guests", "b2bCollaborationGuest")],
        [item("user", "bg1")],
      ),
      apps(),
      mfa(),
    );
    expect(v.users).toEqual({
      include: [
        { kind: "group", id: "g1" },
        { kind: "group", id: "g2" },
        { kind: "role", id: "r1" },
        { kind: "guests", types: ["b2bCollaborationGuest"] },
      ],
      exclude: [{ kind: "user", id: "bg1" }],
    });
    expect(clean(cond("users", [item("guests")]), apps(), mfa()).users?.include).toEqual([
      { kind: "guests", types: [] },
    ]);
  });

  it("normalises apps, user actions, contexts, locations and countries", () => {
    const v = clean(
      users(),
      cond(
        "apps",
        [item("suite", "Office365"), item("app", "a1"), item("action", "registerSecurityInfo"), item("context", "c1")],
        [item("app", "a2")],
      ),
      cond("locations", [item("all")], [item("trusted"), item("location", "l1"), item("country", "FR", "DE")]),
      mfa(),
    );
    expect(v.apps).toEqual({
      include: [
        { kind: "suite", name: "Office365" },
        { kind: "app", id: "a1" },
        { kind: "action", action: "registerSecurityInfo" },
        { kind: "context", id: "c1" },
      ],
      exclude: [{ kind: "app", id: "a2" }],
    });
    expect(v.locations?.exclude).toEqual([
      { kind: "trusted" },
      { kind: "location", id: "l1" },
      { kind: "country", code: "FR" },
      { kind: "country", code: "DE" },
    ]);
  });

  it("reads clients, platforms and risk sets; `clients include all` is unconfigured", () => {
    const v = clean(
      ...basics(),
      words("clients", "exchangeActiveSync", "other"),
      cond("platforms", [item("all")], [item("iOS"), item("android")]),
      words("signInRisk", "high", "medium"),
      words("userRisk", "high"),
    );
    expect(v).toMatchObject({
      clientAppTypes: ["exchangeActiveSync", "other"],
      platforms: { include: ["all"], exclude: ["iOS", "android"] },
      signInRisk: ["high", "medium"],
      userRisk: ["high"],
    });
    expect(clean(...basics(), words("clients", "all"))).not.toHaveProperty("clientAppTypes");
  });

  it("reads authentication flows as Graph's transfer methods", () => {
    expect(clean(...basics(), words("authenticationFlows", "deviceCodeFlow", "authenticationTransfer"))).toMatchObject({
      authenticationFlows: ["deviceCodeFlow", "authenticationTransfer"],
    });
  });

  it("keeps grant operators and controls with ids", () => {
    expect(clean(users(), apps(), grant("any", "compliantDevice", "hybridJoinedDevice")).grant).toEqual({
      kind: "controls",
      operator: "OR",
      controls: [{ kind: "compliantDevice" }, { kind: "hybridJoinedDevice" }],
    });
    expect(
      clean(
        users(),
        apps(),
        grant("all", control("termsOfUse", "t1", "t2"), control("authenticationStrength", "phish")),
      ).grant,
    ).toEqual({
      kind: "controls",
      operator: "AND",
      controls: [
        { kind: "termsOfUse", id: "t1" },
        { kind: "termsOfUse", id: "t2" },
        { kind: "authenticationStrength", id: "phish" },
      ],
    });
    expect(clean(users(), apps(), grant("all", "block")).grant).toEqual({ kind: "block" });
  });

  it("reads session controls: durations in milliseconds, everyTime, flags; a session alone is a valid policy", () => {
    const v = clean(
      users(),
      apps(),
      session(
        ["signInFrequency", duration("4h", 4 * 3_600_000)],
        ["persistentBrowser", "never"],
        ["appEnforcedRestrictions"],
        ["continuousAccessEvaluation", "strict"],
      ),
    );
    expect(v.grant).toEqual({ kind: "none" });
    expect(v.session).toEqual({
      signInFrequency: 14_400_000,
      persistentBrowser: "never",
      appEnforcedRestrictions: true,
      continuousAccessEvaluation: "strict",
    });
    expect(clean(...basics(), session(["signInFrequency", "everyTime"])).session).toEqual({
      signInFrequency: "everyTime",
    });
  });

  it("keeps device filters in both spellings and hands Tenet ones to the general checker", () => {
    const v = clean(...basics(), entraFilter("exclude", 'device.trustType -eq "ServerAD"'));
    expect(v.deviceFilter).toEqual({
      mode: "exclude",
      filter: {
        kind: "entra",
        rule: 'device.trustType -eq "ServerAD"',
        ast: { kind: "compare", property: "trustType", operator: "eq", value: "ServerAD" },
      },
    });
    const expr = { kind: "Boolean", value: true, span: basics()[0]!.span } as Expr;
    const r = run(...basics(), tenetFilter("include", expr));
    expect(r.value?.deviceFilter).toEqual({ mode: "include", filter: { kind: "tenet", condition: expr } });
    expect(r.ctx.deviceConditions).toEqual([expr]);
  });

  it("turns legacy device states into the equivalent exclude filter", () => {
    const v = clean(...basics(), cond("deviceStates", [item("all")], [item("compliant"), item("domainJoined")]));
    expect(v.deviceFilter).toMatchObject({
      mode: "exclude",
      filter: {
        kind: "entra",
        rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"',
        ast: { kind: "or" },
      },
    });
  });
});

describe("checkAccess: what Entra rejects", () => {
  it("CP2044: no users include, no apps include, or neither grant nor session", () => {
    const r = run(cond("users", [], [item("group", "g")]), grant("all", "mfa"));
    expect(r.codes).toEqual(["CP2044", "CP2044"]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "access policy `p` has no `users include` condition",
      "access policy `p` has no `apps include` condition",
    ]);
    expect(r.diagnostics[0]!.span).toBe(r.decl.name.span);
    expect(run(users(), apps()).diagnostics.map((d) => d.message)).toEqual([
      "access policy `p` has no `grant` and no `session` control",
    ]);
  });

  it("CP2042: passwordChange needs all apps, a user-risk condition and all(...)", () => {
    expect(
      clean(users(), apps(), words("userRisk", "high"), grant("all", "mfa", "passwordChange")).grant,
    ).toMatchObject({ kind: "controls" });
    expect(
      run(
        users(),
        cond("apps", [item("suite", "Office365")]),
        words("userRisk", "high"),
        grant("all", "passwordChange"),
      ).codes,
    ).toEqual(["CP2042"]);
    expect(run(users(), apps(), grant("all", "passwordChange")).codes).toEqual(["CP2042"]);
    expect(run(users(), apps(), words("userRisk", "high"), grant("any", "mfa", "passwordChange")).codes).toEqual([
      "CP2042",
    ]);
  });

  it("CP2043: device states and a device filter together", () => {
    const states = cond("deviceStates", [item("all")], [item("compliant")]);
    const r = run(...basics(), entraFilter("exclude", "device.isCompliant -eq True"), states);
    expect(r.codes).toEqual(["CP2043"]);
    expect(r.diagnostics[0]!.span).toBe(states.span);
  });

  it("CP2048: block with other controls", () => {
    const g = grant("all", "block", "mfa");
    const r = run(users(), apps(), g);
    expect(r.codes).toEqual(["CP2048"]);
    expect(r.diagnostics[0]!.span).toBe(g.span);
  });

  it("CP2041: unknown control with a guess, and id-taking controls without an id", () => {
    const r = run(users(), apps(), grant("all", "mfa", "compliantDevic"));
    expect(r.diagnostics).toMatchObject([
      { code: "CP2041", message: "unknown grant control `compliantDevic`", help: "did you mean `compliantDevice`?" },
    ]);
    expect(run(users(), apps(), grant("all", "mfa", "termsOfUse")).diagnostics).toMatchObject([
      { code: "CP2041", help: 'write `termsOfUse "id"`' },
    ]);
  });

  it("CP2049: unknown session control with a guess", () => {
    const r = run(...basics(), session(["signInFrequencey", duration("4h", 14_400_000)]));
    expect(r.diagnostics).toMatchObject([
      {
        code: "CP2049",
        message: "unknown session control `signInFrequencey`",
        help: "did you mean `signInFrequency`?",
      },
    ]);
  });

  it("CP2023: invalid session values and states", () => {
    expect(run(...basics(), session(["signInFrequency", duration("30m", 1_800_000)])).codes).toEqual(["CP2023"]);
    expect(run(...basics(), session(["persistentBrowser", "sometimes"])).codes).toEqual(["CP2023"]);
    const r = run(state("reportonly"), ...basics());
    expect(r.diagnostics).toMatchObject([{ code: "CP2023", help: "did you mean `report-only`?" }]);
    expect(r.value).toBeUndefined();
  });

  it("CP2022: a clause given twice", () => {
    const second = cond("users", [item("all")]);
    const r = run(...basics(), second);
    expect(r.diagnostics).toMatchObject([
      { code: "CP2022", message: "`users` is given more than once in access policy `p`" },
    ]);
    expect(r.diagnostics[0]!.span).toBe(second.span);
    expect(
      run(
        ...basics(),
        entraFilter("include", "device.isCompliant -eq True"),
        entraFilter("exclude", "device.isManaged -eq True"),
      ).codes,
    ).toEqual(["CP2022"]);
  });

  it("CP2040: items a condition does not take, with a guess or the list", () => {
    const cases: [AccessClause, string, string][] = [
      [cond("users", [item("all"), item("grup", "g")]), "`grup` cannot be used in `users`", "did you mean `group`?"],
      [cond("users", [item("all")], [item("all")]), "`all` cannot be used in `users`", "`all` can only be included"],
      [
        cond("users", [item("all"), item("group")]),
        "`group without a value` cannot be used in `users`",
        'write `group "value"`',
      ],
      [
        cond("users", [item("guests", "b2bCollaborationGuests")]),
        '`guests "b2bCollaborationGuests"` cannot be used in `users`',
        "did you mean `b2bCollaborationGuest`?",
      ],
      [
        cond("users", [item("guests", "partner")]),
        '`guests "partner"` cannot be used in `users`',
        "guest types are `internalGuest`, `b2bCollaborationGuest`, `b2bCollaborationMember`, `b2bDirectConnectUser`, `otherExternalUser`, `serviceProvider`",
      ],
      [
        cond("apps", [item("action", "registerSecurityInf")]),
        '`action "registerSecurityInf"` cannot be used in `apps`',
        "did you mean `registerSecurityInfo`?",
      ],
      [words("platforms", "ios"), "`ios` cannot be used in `platforms`", "did you mean `iOS`?"],
      [
        cond("platforms", [item("all")], [item("all")]),
        "`all` cannot be used in `platforms`",
        "`platforms` takes `android`, `iOS`, `windows`, `windowsPhone`, `macOS`, `linux`",
      ],
      [
        cond("locations", [item("country", "de")]),
        '`country "de"` cannot be used in `locations`',
        'countries are ISO 3166 two-letter codes in capitals, e.g. `country "DE", "FR"`',
      ],
      [
        words("signInRisk", "critical"),
        "`critical` cannot be used in `signInRisk`",
        "`signInRisk` takes `none`, `low`, `medium`, `high`",
      ],
      [
        cond("userRisk", [item("high")], [item("low")]),
        "`low` cannot be used in `userRisk`",
        "`userRisk` takes only an include list",
      ],
      [words("clients", "browsers"), "`browsers` cannot be used in `clients`", "did you mean `browser`?"],
      [
        words("authenticationFlows", "devicecodeflow"),
        "`devicecodeflow` cannot be used in `authenticationFlows`",
        "did you mean `deviceCodeFlow`?",
      ],
      [
        words("authenticationFlows", "none"),
        "`none` cannot be used in `authenticationFlows`",
        "`authenticationFlows` takes `deviceCodeFlow`, `authenticationTransfer`",
      ],
      [
        cond("authenticationFlows", [item("deviceCodeFlow")], [item("authenticationTransfer")]),
        "`authenticationTransfer` cannot be used in `authenticationFlows`",
        "`authenticationFlows` takes only an include list",
      ],
      [
        cond("deviceStates", [item("all")], [item("compliantt")]),
        "`compliantt` cannot be used in `deviceStates`",
        "did you mean `compliant`?",
      ],
    ];
    for (const [clause, message, help] of cases) {
      const base = basics().filter(
        (c) => !(c.kind === "Condition" && clause.kind === "Condition" && c.condition.name === clause.condition.name),
      );
      const r = run(...base, clause);
      expect(r.diagnostics, message).toMatchObject([{ code: "CP2040", message, help }]);
    }
  });

  it("CP2023: an unknown condition keyword", () => {
    expect(run(...basics(), words("platfroms", "iOS")).diagnostics).toMatchObject([
      { code: "CP2023", message: "`platfroms` is not a valid access condition", help: "did you mean `platforms`?" },
    ]);
  });

  it("passes Entra filter diagnostics through at the rule's position", () => {
    const f = entraFilter("include", 'device.displayName -match "^KIOSK"');
    const r = run(...basics(), f);
    expect(r.codes).toEqual(["CP2046"]);
    expect(r.diagnostics[0]!.span.start.line).toBe(
      f.filter.kind === "EntraFilter" ? f.filter.rule.span.start.line : -1,
    );
    expect(r.value).not.toHaveProperty("deviceFilter");
  });
});
