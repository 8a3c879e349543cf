/** `unsupported "..."`: a policy Tenet cannot fully represent is not evaluable where it applies. */
import { describe, expect, it } from "vitest";
import { format, loadPolicySources } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import { MEMBER, NOW } from "../../test-support/access-builder.js";
import { evaluateAccess } from "./evaluate-access.js";

const TEXT = `access flows "Block device code flow" {
  users include all exclude group "breakglass"
  apps include all
  unsupported "conditions.authenticationFlows: deviceCodeFlow"
  unsupported "grantControls.builtInControls \\"riskRemediation\\": a grant control Tenet cannot check"
}
access mfa "MFA everywhere" {
  users include all
  apps include all
  grant mfa
}`;
const load = (text: string) => {
  const loaded = loadPolicySources([{ path: "a.tenet", text }]);
  expect(loaded.diagnostics).toEqual([]);
  return compile(loaded.value);
};

describe("unsupported parts of an access policy", () => {
  const c = load(TEXT);

  it("make the decision unknown where the policy would apply, with the reasons, and never grant access", () => {
    const d = evaluateAccess(c, { ...MEMBER, satisfied: { mfa: true } }, { now: NOW });
    expect(d.decision).toBe("unknown");
    expect(d.accessGrantedNow).toBe(false);
    expect(d.policies[0]).toMatchObject({
      applies: true,
      notEvaluable: [
        "conditions.authenticationFlows: deviceCodeFlow",
        'grantControls.builtInControls "riskRemediation": a grant control Tenet cannot check',
      ],
    });
    expect(d.policies[1]).toMatchObject({ applies: true, unmet: [] });
  });

  it("change nothing where the policy does not apply", () => {
    const d = evaluateAccess(c, { ...MEMBER, groups: ["breakglass"], satisfied: { mfa: true } }, { now: NOW });
    expect(d.policies[0]).toMatchObject({ applies: false, reason: "users" });
    expect(d.decision).toBe("grant");
    expect(d.accessGrantedNow).toBe(true);
  });

  it("need no grant or session control, and survive the formatter", () => {
    expect(format(TEXT, "a.tenet").value).toContain('  unsupported "conditions.authenticationFlows: deviceCodeFlow"\n');
    const without = loadPolicySources([
      { path: "b.tenet", text: 'access x "X" {\n  users include all\n  apps include all\n}' },
    ]);
    expect(without.diagnostics.map((d) => d.code)).toEqual(["CP2044"]);
  });
});
