/** From `.tenet` text through the real parser and checker to access decisions. */
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluateAccess } from "@tenet/evaluator";
import { accessSummary } from "@tenet/intune";
import { MEMBER, NOW } from "../../packages/evaluator/test-support/access-builder.js";

function compiled(text: string) {
  const loaded = loadPolicySources([{ path: "access.tenet", text }]);
  expect(loaded.diagnostics).toEqual([]);
  return compile(loaded.value);
}
const decide = (text: string, signIn: Record<string, unknown>) => evaluateAccess(compiled(text), signIn, { now: NOW });
const si = (over: Record<string, unknown>) => ({ ...MEMBER, ...over });

describe("access policies from text", () => {
  it("blocks legacy authentication outside trusted locations except for break-glass accounts", () => {
    const text = `access legacy "Block legacy auth" {
  users include all exclude group "breakglass"
  apps include all
  clients include exchangeActiveSync, other
  locations include all exclude trusted
  grant block
}`;
    const c = compiled(text);
    const d = (over: Record<string, unknown>) =>
      evaluateAccess(c, si({ clientAppType: "exchangeActiveSync", ...over }), { now: NOW });
    expect(d({}).decision).toBe("block");
    expect(d({ clientAppType: "browser" }).policies[0]).toMatchObject({ reason: "clientApps" });
    expect(d({ location: { trusted: true } }).policies[0]).toMatchObject({
      reason: "location",
      detail: "the location is excluded by `trusted`",
    });
    expect(d({ groups: ["breakglass"] }).decision).toBe("notApplied");
  });

  it("requires MFA and a compliant or hybrid-joined device for Office 365, with Graph names in the summary", () => {
    const text = `access o365 "Office 365" {
  users include all
  apps include suite "Office365"
  grant all(mfa, compliantDevice)
}
access o365-device "Office 365 device" {
  users include all
  apps include suite "Office365"
  grant any(compliantDevice, hybridJoinedDevice)
  session signInFrequency 8h
}`;
    const s = accessSummary(decide(text, si({ device: { trustType: "Workplace", isCompliant: false } })));
    expect(s).toMatchObject({
      applies: ["o365", "o365-device"],
      decision: "grant",
      accessGrantedNow: false,
      unmetControls: [
        { policyId: "o365", operator: "AND", controls: ["mfa", "compliantDevice"] },
        { policyId: "o365-device", operator: "OR", controls: ["compliantDevice", "domainJoinedDevice"] },
      ],
    });
    const ok = decide(text, si({ satisfied: { mfa: true } }));
    expect([ok.decision, ok.accessGrantedNow, ok.session]).toEqual(["grant", true, { signInFrequency: 8 * 3_600_000 }]);
  });

  it("reads Entra filters with dash-less operators, null checks and precedence", () => {
    const text = `access kiosks {
  users include all
  apps include all
  devices include rule "device.displayName startsWith \\"KIOSK\\" -and -not device.extensionAttribute1 -eq null"
  grant block
}`;
    const managed = { displayName: "kiosk-7", isManaged: true };
    expect(decide(text, si({ device: { ...managed, extensionAttribute1: "lobby" } })).decision).toBe("block");
    expect(decide(text, si({ device: managed })).decision).toBe("notApplied");
    expect(decide(text, si({ device: { ...managed, isManaged: false, extensionAttribute1: "lobby" } })).decision).toBe(
      "notApplied",
    );
    expect(decide(text, si({ device: null })).policies[0]).toMatchObject({ reason: "devices" });
  });

  it("treats legacy device states as an exclude filter", () => {
    const text = `access unmanaged {
  users include all
  apps include all
  deviceStates include all exclude compliant, domainJoined
  grant block
}`;
    expect(decide(text, si({ device: { isCompliant: true } })).decision).toBe("notApplied");
    expect(decide(text, si({ device: { trustType: "ServerAD" } })).decision).toBe("notApplied");
    expect(decide(text, si({ device: null })).decision).toBe("block");
  });

  it("reports what a report-only policy would have done without enforcing it", () => {
    const text = `access pilot {
  state report-only
  users include group "pilot"
  apps include all
  platforms include all exclude windows, macOS
  grant compliantDevice
}`;
    const d = decide(text, si({ groups: ["pilot"], platform: "linux", device: null }));
    expect(accessSummary(d)).toMatchObject({
      decision: "notApplied",
      accessGrantedNow: true,
      reportOnlyApplies: ["pilot"],
      reportOnlyResults: { pilot: "failure" },
    });
    expect(decide(text, si({ groups: ["pilot"] })).policies[0]).toMatchObject({
      applies: false,
      reason: "devicePlatform",
    });
  });
});
