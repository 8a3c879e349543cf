/**
 * The uncovered-exclusion finding (CP4106) is exact over the explored space: it is reported
 * exactly when some sign-in of a user an enforced policy excludes, which that policy would
 * reach but for the exclusion, meets no other enforced grant or block (and no active
 * exception), with one witness per excluding policy's uncovered region that the What If
 * evaluator confirms.
 */
import { describe, expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { analyzeAccess, compile, evaluateAccess, type Finding } from "@tenet/evaluator";

const NOW = parseInstant("2026-11-25T12:00:00Z").value!;

function uncovered(text: string, witnesses = 3) {
  const loaded = loadPolicySources([{ path: "set.tenet", text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const compiled = compile(loaded.value);
  const findings = analyzeAccess(compiled, { now: NOW, witnesses }).findings.filter(
    (f) => f.kind === "uncoveredExclusion",
  );
  return { compiled, findings };
}

interface SignIn {
  groups: string[];
  clientAppType: string;
  platform: string;
}

/** What If on the witness: the excluding policy is kept out by its user condition alone, and no enforced policy applies. */
function confirm(compiled: ReturnType<typeof compile>, f: Finding, group: string): SignIn {
  const signIn = f.witness!.signIn as unknown as SignIn;
  expect(signIn.groups).toContain(group);
  const d = evaluateAccess(compiled, f.witness!.signIn, { now: NOW });
  expect(d.decision).toBe(f.witness!.decision);
  expect(d.policies.filter((p) => p.applies && p.state === "enabled" && p.grant !== "none")).toEqual([]);
  const excluding = d.policies.find((p) => p.policy === f.policy)!;
  expect([excluding.applies, excluding.reason, excluding.detail]).toEqual([
    false,
    "users",
    expect.stringContaining(group),
  ]);
  return signIn;
}

const MFA_ALL = `access mfa-all "MFA for all" {
  users include all exclude group "breakglass"
  apps include all
  grant mfa
}
`;

describe("uncovered exclusions", () => {
  it("are not reported when another enforced policy covers the excluded users everywhere", () => {
    const { findings } = uncovered(`${MFA_ALL}
access breakglass-mfa {
  users include group "breakglass"
  apps include all
  grant mfa
}
`);
    expect(findings).toEqual([]);
  });

  it("are not reported when several policies together cover them, none alone", () => {
    const { findings } = uncovered(`${MFA_ALL}
access breakglass-browser {
  users include group "breakglass"
  apps include all
  clients include browser
  grant mfa
}
access breakglass-apps {
  users include group "breakglass"
  apps include all
  clients include mobileAppsAndDesktopClients
  platforms include windows, macOS
  grant compliantDevice
}
access breakglass-apps-elsewhere {
  users include group "breakglass"
  apps include all
  clients include mobileAppsAndDesktopClients
  platforms include all exclude windows, macOS
  grant block
}
access legacy-block {
  users include all
  apps include all
  clients include exchangeActiveSync, other
  grant block
}
`);
    expect(findings).toEqual([]);
  });

  it("are found where the first sign-in tried is covered but another is not, with a witness What If confirms", () => {
    // Break-glass is covered on browsers (the first client type) and nowhere else.
    const { compiled, findings } = uncovered(`${MFA_ALL}
access breakglass-browser {
  users include group "breakglass"
  apps include all
  clients include browser
  grant mfa
}
`);
    expect(findings.map((f) => [f.policy, f.severity])).toEqual([["mfa-all", "info"]]);
    expect(findings[0]!.message).toContain("users excluded from `mfa-all` by `group breakglass`");
    expect(confirm(compiled, findings[0]!, "breakglass").clientAppType).not.toBe("browser");
  });

  it("are found for users the excluding policy includes through a group, and never for users it did not include", () => {
    const set = `access mfa-sales {
  users include group "sales" exclude group "breakglass"
  apps include all
  grant mfa
}
access breakglass-windows {
  users include group "breakglass"
  apps include all
  platforms include windows
  grant mfa
}
`;
    const { compiled, findings } = uncovered(set);
    expect(findings.map((f) => f.policy)).toEqual(["mfa-sales"]);
    const signIn = confirm(compiled, findings[0]!, "breakglass");
    expect(signIn.groups).toContain("sales");
    expect(signIn.platform).not.toBe("windows");
    // Covering every platform closes it.
    expect(uncovered(set.replace("platforms include windows\n", "")).findings).toEqual([]);
  });

  it("give one witness per excluding policy's uncovered region, in policy order, up to the witness count", () => {
    const set = `access mfa-office {
  users include all exclude group "breakglass"
  apps include suite "Office365"
  clients include browser, mobileAppsAndDesktopClients
  grant mfa
}
access legacy-block {
  users include all exclude group "breakglass"
  apps include all
  clients include exchangeActiveSync, other
  grant block
}
`;
    const { compiled, findings } = uncovered(set);
    expect(findings.map((f) => f.policy)).toEqual(["mfa-office", "legacy-block"]);
    const [office, legacy] = findings.map((f) => confirm(compiled, f, "breakglass"));
    expect(["browser", "mobileAppsAndDesktopClients"]).toContain(office!.clientAppType);
    expect(["exchangeActiveSync", "other"]).toContain(legacy!.clientAppType);
    expect(uncovered(set, 1).findings.map((f) => f.policy)).toEqual(["mfa-office"]);
  });

  it("are still found where an active exception covers only part of the excluded users' sign-ins", () => {
    const { compiled, findings } = uncovered(`${MFA_ALL}
waiver breakglass-browser "Break-glass on browsers" {
  scope "breakglass" in signIn.groups and signIn.clientAppType == "browser"
  reason "emergency access"
  approver "secops@contoso.com"
  expires 2027-06-30
}
`);
    expect(findings.map((f) => f.policy)).toEqual(["mfa-all"]);
    expect(confirm(compiled, findings[0]!, "breakglass").clientAppType).not.toBe("browser");
  });

  it("are decided per excluded user id too", () => {
    const set = `access mfa-all {
  users include all exclude user "admin-1"
  apps include all
  grant mfa
}
access admin-block-legacy {
  users include user "admin-1"
  apps include all
  clients include exchangeActiveSync, other
  grant block
}
`;
    const { compiled, findings } = uncovered(set);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("by `user admin-1`")]);
    const signIn = findings[0]!.witness!.signIn as { user: { id: string }; clientAppType: string };
    expect([signIn.user.id, ["browser", "mobileAppsAndDesktopClients"].includes(signIn.clientAppType)]).toEqual([
      "admin-1",
      true,
    ]);
    const d = evaluateAccess(compiled, findings[0]!.witness!.signIn, { now: NOW });
    expect(d.policies.filter((p) => p.applies)).toEqual([]);
  });
});
