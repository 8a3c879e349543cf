import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluateAccess } from "@tenet/evaluator";
import { arbitrarySignIn } from "@tenet/testing";
import { importIntune } from "./import-intune.js";

const NOW = "2026-11-25T12:00:00Z";
const SEED = 20261204;
type Json = Record<string, unknown>;

const base = (): Json => ({
  displayName: "CA",
  state: "enabled",
  conditions: {
    users: { includeUsers: ["All"], excludeGroups: ["g-breakglass"] },
    applications: { includeApplications: ["00000003-0000-0ff1-ce00-000000000000"] },
    platforms: { includePlatforms: ["all"], excludePlatforms: ["iOS"] },
    clientAppTypes: ["all"],
  },
  grantControls: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] },
});
const withConditions = (extra: Json): Json => {
  const p = base();
  Object.assign(p["conditions"] as Json, extra);
  return p;
};
const users = (extra: Json) => withConditions({ users: { includeUsers: ["u-1"], includeGroups: ["g-1"], ...extra } });
const guestsFrom = (tenants: string[]) => ({
  "@odata.type": "#microsoft.graph.conditionalAccessGuestsOrExternalUsers",
  guestOrExternalUserTypes: "b2bCollaborationGuest,b2bCollaborationMember",
  externalTenants: {
    "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
    membershipKind: "enumerated",
    members: tenants,
  },
});

/**
 * Per Graph part Tenet cannot represent: the source policy, and an oracle that applies to at
 * least every sign-in the source applies to (the part removed, or an exclusion Tenet cannot
 * narrow removed whole). The source's answer depends on the part only where the oracle applies.
 */
const CASES: [string, Json, Json][] = [
  [
    "an authentication flow Tenet does not know",
    withConditions({ authenticationFlows: { transferMethods: "deviceCodeFlow,unknownFutureValue" } }),
    base(),
  ],
  [
    "guests included from enumerated tenants",
    users({ includeGuestsOrExternalUsers: guestsFrom(["tenant-a"]) }),
    users({
      includeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: "b2bCollaborationGuest,b2bCollaborationMember",
        externalTenants: { membershipKind: "all" },
      },
    }),
  ],
  [
    "guests excluded from enumerated tenants",
    withConditions({ users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: guestsFrom(["tenant-a"]) } }),
    withConditions({ users: { includeUsers: ["All"] } }),
  ],
  [
    "workload identities",
    withConditions({
      clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"], excludeServicePrincipals: [] },
    }),
    base(),
  ],
  [
    "agent identities",
    withConditions({ agentIdRiskLevels: "high", clientApplications: { includeAgentIdServicePrincipals: ["All"] } }),
    base(),
  ],
  ["service principal risk", withConditions({ servicePrincipalRiskLevels: ["high"] }), base()],
  ["insider risk", withConditions({ insiderRiskLevels: "elevated" }), base()],
  [
    "application filter",
    withConditions({
      applications: {
        includeApplications: ["All"],
        applicationFilter: { mode: "include", rule: 'CustomSecurityAttribute.Eng_Project -eq "Baker"' },
      },
    }),
    withConditions({ applications: { includeApplications: ["All"] } }),
  ],
  [
    "an unknown user action",
    withConditions({ applications: { includeApplications: [], includeUserActions: ["urn:user:futureaction"] } }),
    withConditions({ applications: { includeApplications: ["All"] } }),
  ],
  [
    "an unknown platform",
    withConditions({ platforms: { includePlatforms: ["android", "visionOS"] } }),
    withConditions({ platforms: { includePlatforms: ["all"] } }),
  ],
  [
    "an unknown client app type",
    withConditions({ clientAppTypes: ["browser", "easUnsupported"] }),
    withConditions({ clientAppTypes: ["all"] }),
  ],
  ["the hidden sign-in risk", withConditions({ signInRiskLevels: ["high", "hidden"] }), base()],
  [
    "a device filter Tenet refuses",
    withConditions({ devices: { deviceFilter: { mode: "exclude", rule: 'device.model -match "^Surface"' } } }),
    base(),
  ],
  [
    "legacy device include/exclude lists",
    withConditions({ devices: { includeDevices: ["All"], excludeDevices: ["Compliant"] } }),
    base(),
  ],
  [
    "an unknown grant control",
    { ...base(), grantControls: { operator: "AND", builtInControls: ["mfa", "riskRemediation"] } },
    base(),
  ],
  [
    "custom controls only",
    { ...base(), grantControls: { operator: "OR", builtInControls: [], customAuthenticationFactors: ["duo-mfa"] } },
    base(),
  ],
  [
    "Defender for Cloud Apps session",
    { ...base(), sessionControls: { cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "monitorOnly" } } },
    base(),
  ],
  ["secure sign-in session", { ...base(), sessionControls: { secureSignInSession: { isEnabled: true } } }, base()],
];

const load = (policy: Json) => {
  const imported = importIntune([policy], { file: "ca.json" });
  const loaded = loadPolicySources(imported.files);
  return { imported, loaded };
};

describe.each(CASES)("a Conditional Access policy with %s", (_name, source, oracle) => {
  const { imported, loaded } = load(source);
  const reference = load(oracle);

  it("imports into a file its own linter accepts, marked `unsupported`, with a CP5013 warning", () => {
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(imported.files[0]!.text).toMatch(/^ {2}unsupported "/m);
    expect(imported.diagnostics.some((d) => d.code === "CP5013")).toBe(true);
    expect(reference.loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(reference.imported.files[0]!.text).not.toContain("unsupported");
  });

  it("never gives a sign-in a different decision from the source: unknown where the dropped part could matter", () => {
    const marked = compile(loaded.value);
    const full = compile(reference.loaded.value);
    fc.assert(
      fc.property(arbitrarySignIn({ near: [loaded.value, reference.loaded.value] }), (signIn) => {
        const got = evaluateAccess(marked, signIn, { now: NOW });
        const superset = evaluateAccess(full, signIn, { now: NOW });
        if (superset.policies[0]!.applies) {
          expect(got.decision).toBe("unknown");
          expect(got.accessGrantedNow).toBe(false);
          expect(got.policies[0]!.notEvaluable!.length).toBeGreaterThan(0);
        } else {
          // Where even the wider policy does not apply, the source does not apply either.
          expect(got.policies[0]!.applies).toBe(false);
          expect(got.decision).toBe(superset.decision);
        }
      }),
      { numRuns: 60, seed: SEED },
    );
  });
});

describe("marked policies", () => {
  it("do not hide a block from another, evaluable policy", () => {
    const block = { ...base(), displayName: "Block", grantControls: { operator: "OR", builtInControls: ["block"] } };
    const both = loadPolicySources([
      ...load(block).imported.files.map((f) => ({ ...f, path: "b.tenet" })),
      ...load(withConditions({ insiderRiskLevels: "elevated" })).imported.files,
    ]);
    expect(both.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const d = evaluateAccess(
      compile(both.value),
      {
        user: { id: "u-9" },
        application: { id: "00000003-0000-0ff1-ce00-000000000000" },
        platform: "windows",
        clientAppType: "browser",
      },
      { now: NOW },
    );
    expect(d.decision).toBe("block");
  });

  it("are refused by export, which would widen them", async () => {
    const { exportIntune } = await import("../export/export-intune.js");
    const r = exportIntune(load(withConditions({ insiderRiskLevels: "elevated" })).loaded.value);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["CP5014"]);
  });
});
