/**
 * The false-pass corpus: a set that passes "MFA for every sign-in" must FAIL once any one
 * narrowing condition is added, with a witness that the What If evaluator confirms and that
 * the narrowing condition explains. Tools matching policy fields count each of these as "MFA
 * for all"; the analysis must not.
 */
import { describe, expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { analyzeAccess, compile, evaluateAccess } from "@tenet/evaluator";

const NOW = parseInstant("2026-11-25T12:00:00Z").value!;
const PROPERTY = `property mfa-everywhere "Every sign-in to a resource needs MFA" {
  assume signIn.application.userAction is missing
  expect requires mfa
}`;

function analyse(policy: string) {
  const loaded = loadPolicySources([{ path: "set.tenet", text: `${policy}\n\n${PROPERTY}\n` }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const compiled = compile(loaded.value);
  return { compiled, analysis: analyzeAccess(compiled, { now: NOW, witnesses: 50 }) };
}

const policy = (extra: string, state = "enabled") => `access mfa-all "MFA for all" {
  state ${state}
  users include all
  apps include all
  ${extra}
  grant mfa
}`;

/** The parts of a witness sign-in the narrowings read. */
interface SignIn {
  platform: string;
  clientAppType: string;
  location: { trusted: boolean; namedLocationIds: string[]; countryCode: string };
  signInRisk: string;
  userRisk: string;
  device: Record<string, unknown> | null;
  groups: string[];
  user: { userType: string; guestType?: string };
  application: { id?: string };
  authenticationFlow?: string;
}

/** Each narrowing condition, and what every witness must show (the reason the policy does not reach it). */
const NARROWINGS: { name: string; text: string; state?: string; explains: (s: SignIn) => boolean }[] = [
  {
    name: "a platform include",
    text: "platforms include windows, macOS",
    explains: (s) => !["windows", "macOS"].includes(s.platform),
  },
  { name: "a platform exclusion", text: "platforms include all exclude iOS", explains: (s) => s.platform === "iOS" },
  {
    name: "a client-app list",
    text: "clients include browser",
    explains: (s) => s.clientAppType !== "browser",
  },
  {
    name: "a location exclusion",
    text: "locations include all exclude trusted",
    explains: (s) => s.location.trusted === true,
  },
  {
    name: "a named-location exclusion",
    text: 'locations include all exclude location "hq"',
    explains: (s) => s.location.namedLocationIds.includes("hq"),
  },
  {
    name: "a country include",
    text: 'locations include country "DE"',
    explains: (s) => s.location.countryCode !== "DE",
  },
  {
    name: "a sign-in risk condition",
    text: "signInRisk include medium, high",
    explains: (s) => ["none", "low"].includes(s.signInRisk),
  },
  { name: "a user risk condition", text: "userRisk include high", explains: (s) => s.userRisk !== "high" },
  {
    name: "a device filter (exclude hybrid joined)",
    text: 'devices exclude rule "device.trustType -eq \\"ServerAD\\""',
    explains: (s) => s.device?.trustType === "ServerAD",
  },
  {
    name: "a device filter (include by name prefix)",
    text: 'devices include rule "device.displayName -startsWith \\"CORP-\\""',
    explains: (s) =>
      !(typeof s.device?.displayName === "string" && s.device.displayName.toLowerCase().startsWith("corp-")),
  },
  {
    name: "a device filter (exclude an extension attribute)",
    text: 'devices exclude rule "device.extensionAttribute1 -eq \\"kiosk\\" -and device.displayName -notContains \\"admin\\""',
    explains: (s) =>
      s.device?.extensionAttribute1 === "kiosk" &&
      !String(s.device?.displayName ?? "")
        .toLowerCase()
        .includes("admin"),
  },
  {
    name: "an exclusion group",
    text: 'users include all exclude group "contractors"',
    explains: (s) => s.groups.includes("contractors"),
  },
  {
    name: "an exclusion of guests",
    text: "users include all exclude guests",
    explains: (s) => s.user.userType === "guest" || s.user.guestType !== undefined,
  },
  {
    name: "an app exclusion",
    text: 'apps include all exclude app "hr-portal"',
    explains: (s) => s.application.id === "hr-portal",
  },
  {
    name: "an authentication flow condition",
    text: "authenticationFlows include deviceCodeFlow",
    explains: (s) => s.authenticationFlow !== "deviceCodeFlow",
  },
  {
    name: "an authentication flow condition naming both flows",
    text: "authenticationFlows include deviceCodeFlow, authenticationTransfer",
    explains: (s) => s.authenticationFlow === "none",
  },
  { name: "report-only state", text: "", state: "report-only", explains: () => true },
];

describe("analyze access: the false-pass corpus", () => {
  it("passes the set with no narrowing condition", () => {
    const { analysis } = analyse(policy(""));
    expect(analysis.requirements.map((r) => [r.name, r.status])).toEqual([["mfa-everywhere", "pass"]]);
    expect(analysis.findings.filter((f) => f.kind === "gap")).toEqual([]);
  });

  it.each(NARROWINGS)(
    "fails once the policy gains $name, with witnesses What If confirms",
    ({ text, state, explains }) => {
      // A users or apps clause replaces the policy's own.
      const body = text.startsWith("users")
        ? policy("").replace("users include all", text)
        : text.startsWith("apps")
          ? policy("").replace("apps include all", text)
          : policy(text, state);
      const { compiled, analysis } = analyse(body);
      const r = analysis.requirements[0]!;
      expect(r.status).toBe("fail");
      expect(r.witnesses.length).toBeGreaterThan(0);
      for (const w of r.witnesses) {
        // The witness lacks MFA, is in scope, and What If grants it access.
        expect((w.signIn.satisfied as { mfa: boolean }).mfa).toBe(false);
        const d = evaluateAccess(compiled, w.signIn, { now: NOW });
        expect(d.accessGrantedNow).toBe(true);
        expect(d.decision).toBe(w.decision);
        expect(explains(w.signIn as unknown as SignIn)).toBe(true);
      }
      const gaps = analysis.findings.filter((f) => f.kind === "gap" || f.kind === "reportOnlyCoverage");
      expect(gaps.length).toBeGreaterThan(0);
      expect(gaps.every((g) => g.fix !== undefined && g.fix.includes("mfa-all"))).toBe(true);
    },
  );

  it("reports report-only coverage as such, with enabling it as the fix", () => {
    const { analysis } = analyse(policy("", "report-only"));
    const f = analysis.findings.find((x) => x.kind === "reportOnlyCoverage");
    expect(f?.fix).toBe("switch `mfa-all` from report-only to enabled");
  });
});

/**
 * The explorer drops a policy that a wider one with the same effect (or a block) covers. Each
 * case has a narrower block that the wider policy does NOT cover, for one reason each: the
 * wider one excludes users the narrower one keeps, is narrower on another dimension, or adds a
 * different effect. The requirement's scope does not name the narrower policy's group, so only
 * a class the explorer kept for that policy can fail it.
 */
describe("a wider policy never hides a narrower one it does not cover", () => {
  const CASES: { name: string; wider: string; scope: string }[] = [
    {
      name: "the wider policy excludes users the narrower one keeps",
      wider: 'users include all exclude group "g2"\n  apps include all\n  grant block',
      scope: '"g2" in signIn.groups',
    },
    {
      name: "the wider policy is narrower on another dimension",
      wider: "users include all\n  apps include all\n  platforms include windows\n  grant block",
      scope: 'signIn.platform == "iOS"',
    },
    {
      name: "the wider policy adds a different effect",
      wider: "users include all\n  apps include all\n  grant mfa",
      scope: "true",
    },
  ];
  it.each(CASES)("fails when $name, with a witness What If blocks", ({ wider, scope }) => {
    const text = `access wide "Wide" {
  state enabled
  ${wider}
}

access narrow "Narrow block" {
  state enabled
  users include group "g1"
  apps include all
  grant block
}

property never-blocked "Sign-ins in scope are never blocked" {
  assume signIn.application.userAction is missing and ${scope}
  expect never blocked
}
`;
    const loaded = loadPolicySources([{ path: "set.tenet", text }]);
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const compiled = compile(loaded.value);
    const r = analyzeAccess(compiled, { now: NOW, witnesses: 50 }).requirements[0]!;
    expect(r.status).toBe("fail");
    for (const w of r.witnesses) {
      const d = evaluateAccess(compiled, w.signIn, { now: NOW });
      expect(d.decision).toBe("block");
      expect(d.policies.filter((p) => p.applies && p.grant === "block").map((p) => p.policy)).toEqual(["narrow"]);
    }
  });
});

/**
 * Blocks narrowed by an authentication flow condition: the block reaches only the sign-ins whose
 * session began with a listed flow, so a property over other sign-ins must FAIL with a witness
 * What If lets through, and SCuBA's "device code flow is blocked" only passes when the block
 * covers every device code sign-in.
 */
describe("analyze access: authentication flows narrow a block", () => {
  const block = (extra: string) => `access blk "Block" {
  state enabled
  users include all
  apps include all
  ${extra}
  grant block
}`;
  const LEGACY = `property legacy-blocked "Legacy clients are blocked" {
  assume signIn.clientAppType in ["exchangeActiveSync", "other"] and signIn.application.userAction is missing
  expect always blocked
}`;
  const DEVICE_CODE = `property device-code-blocked "MS.AAD.3.9 device code flow is blocked" {
  assume signIn.authenticationFlow == "deviceCodeFlow" and signIn.application.userAction is missing
  expect always blocked
}`;
  const run = (policyText: string, property: string) => {
    const loaded = loadPolicySources([{ path: "set.tenet", text: `${policyText}\n\n${property}\n` }]);
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const compiled = compile(loaded.value);
    return { compiled, r: analyzeAccess(compiled, { now: NOW, witnesses: 50 }).requirements[0]! };
  };
  const notBlocked = (compiled: ReturnType<typeof compile>, witnesses: { signIn: Record<string, unknown> }[]) =>
    witnesses.map((w) => {
      const d = evaluateAccess(compiled, w.signIn, { now: NOW });
      expect(d.decision).not.toBe("block");
      return w.signIn as unknown as SignIn;
    });

  it("a legacy-client block limited to device code flow no longer blocks every legacy sign-in", () => {
    expect(run(block("clients include exchangeActiveSync, other"), LEGACY).r.status).toBe("pass");
    const { compiled, r } = run(
      block("clients include exchangeActiveSync, other\n  authenticationFlows include deviceCodeFlow"),
      LEGACY,
    );
    expect(r.status).toBe("fail");
    expect(r.witnesses.length).toBeGreaterThan(0);
    for (const s of notBlocked(compiled, r.witnesses)) expect(s.authenticationFlow).not.toBe("deviceCodeFlow");
    // Both flows the other transfer-method values: the none-flow sign-ins are the witnesses.
    const both = run(
      block(
        "clients include exchangeActiveSync, other\n  authenticationFlows include deviceCodeFlow, authenticationTransfer",
      ),
      LEGACY,
    );
    expect(both.r.status).toBe("fail");
    for (const s of notBlocked(both.compiled, both.r.witnesses)) expect(s.authenticationFlow).toBe("none");
  });

  it("device code flow is blocked only by a block that covers every device code sign-in", () => {
    expect(run(block("authenticationFlows include deviceCodeFlow"), DEVICE_CODE).r.status).toBe("pass");
    expect(run(block(""), DEVICE_CODE).r.status).toBe("pass");
    for (const [extra, explains] of [
      ["authenticationFlows include authenticationTransfer", () => true],
      [
        "authenticationFlows include deviceCodeFlow\n  platforms include android, iOS",
        (s: SignIn) => !["android", "iOS"].includes(s.platform),
      ],
      [
        "authenticationFlows include deviceCodeFlow\n  locations include all exclude trusted",
        (s: SignIn) => s.location.trusted,
      ],
    ] as const) {
      const { compiled, r } = run(block(extra), DEVICE_CODE);
      expect(r.status, extra).toBe("fail");
      expect(r.witnesses.length).toBeGreaterThan(0);
      for (const s of notBlocked(compiled, r.witnesses)) {
        expect(s.authenticationFlow).toBe("deviceCodeFlow");
        expect(explains(s), extra).toBe(true);
      }
    }
  });

  it("a never-blocked property finds the device code sign-ins a flow block blocks, and only those", () => {
    const NEVER = `property never-blocked "Nothing is blocked" {
  assume signIn.application.userAction is missing
  expect never blocked
}`;
    for (const flows of ["deviceCodeFlow", "authenticationTransfer"]) {
      const { compiled, r } = run(block(`authenticationFlows include ${flows}`), NEVER);
      expect(r.status, flows).toBe("fail");
      expect(r.witnesses.length).toBeGreaterThan(0);
      for (const w of r.witnesses) {
        expect(evaluateAccess(compiled, w.signIn, { now: NOW }).decision).toBe("block");
        expect((w.signIn as unknown as SignIn).authenticationFlow).toBe(flows);
      }
    }
  });

  it("a report-only device code block passes nothing", () => {
    const { compiled, r } = run(
      block("authenticationFlows include deviceCodeFlow").replace("enabled", "report-only"),
      DEVICE_CODE,
    );
    expect(r.status).toBe("fail");
    for (const s of notBlocked(compiled, r.witnesses)) expect(s.authenticationFlow).toBe("deviceCodeFlow");
  });
});
