import { describe, expect, it } from "vitest";
import { clearNotReported, GRAPH_NOT_REPORTED_RULES } from "./graph-not-reported.js";
import { evaluateSources } from "../evaluate/evaluate-sources.js";

describe("Graph's not-reported placeholders", () => {
  it("reads an empty string on a property that does not apply to the platform as not reported", () => {
    const windows = {
      operatingSystem: "Windows",
      androidSecurityPatchLevel: "",
      imei: "",
      jailBroken: "",
      deviceName: "",
    };
    expect(clearNotReported(windows)).toBe(3);
    // deviceName has no documented empty default: an empty name is a value.
    expect(windows).toEqual({
      operatingSystem: "Windows",
      androidSecurityPatchLevel: null,
      imei: null,
      jailBroken: null,
      deviceName: "",
    });
  });

  it("reads the minimum date of a non-nullable date-time as not reported, in every spelling", () => {
    const device = {
      lastSyncDateTime: "0001-01-01T00:00:00Z",
      enrolledDateTime: "0001-01-01T00:00:00.0000000Z",
      easActivationDateTime: "0001-01-01T00:00:00+00:00",
      managementCertificateExpirationDate: "2027-03-02T09:04:55Z",
      deviceHealthAttestationState: { issuedDateTime: "0001-01-01T00:00:00Z", bitLockerStatus: "enabled" },
    };
    expect(clearNotReported(device)).toBe(4);
    expect(device.managementCertificateExpirationDate).toBe("2027-03-02T09:04:55Z");
    expect(device.deviceHealthAttestationState).toEqual({ issuedDateTime: null, bitLockerStatus: "enabled" });
  });

  it("reads an enum's documented unknown member as not reported, and keeps values that are not placeholders", () => {
    const device = {
      managedDeviceOwnerType: "unknown",
      deviceEnrollmentType: "unknown",
      partnerReportedThreatState: "unknown",
      complianceState: "unknown",
      jailBroken: "Unknown",
    };
    expect(clearNotReported(device)).toBe(3);
    // complianceState `unknown` is one of Intune's states, and jailBroken is a string whose "Unknown" the library's rules read.
    expect(device).toEqual({
      managedDeviceOwnerType: null,
      deviceEnrollmentType: null,
      partnerReportedThreatState: null,
      complianceState: "unknown",
      jailBroken: "Unknown",
    });
    const company = { managedDeviceOwnerType: "company" };
    expect(clearNotReported(company)).toBe(0);
  });

  it("reads a list call's 0 for a value only a GET returns as not reported", () => {
    const device = { physicalMemoryInBytes: 0, totalStorageSpaceInBytes: 0 };
    expect(clearNotReported(device)).toBe(1);
    expect(device).toEqual({ physicalMemoryInBytes: null, totalStorageSpaceInBytes: 0 });
  });

  it("leaves non-objects, inherited properties and a nested object of the wrong type alone", () => {
    for (const v of [null, 3, "x", [], undefined]) expect(clearNotReported(v)).toBe(0);
    const inherited = Object.create({ imei: "" }) as Record<string, unknown>;
    expect(clearNotReported(inherited)).toBe(0);
    expect(clearNotReported({ deviceHealthAttestationState: "0001-01-01T00:00:00Z" })).toBe(0);
  });

  it("makes a rule over a cleared fact an error with the missing path, not a failure", () => {
    const policy =
      'compliance android "Android" {\n  platform android\n  rule patch { require device.androidSecurityPatchLevel >= "2026-06-01" }\n}\n';
    const device = {
      id: "a1",
      operatingSystem: "Android",
      lastSyncDateTime: "2026-11-25T10:00:00Z",
      androidSecurityPatchLevel: "",
    };
    clearNotReported(device);
    const r = evaluateSources([{ path: "p.tenet", text: policy }], device, { now: "2026-11-25T12:00:00Z" }).value!;
    expect(r.policies[0]!.rules[0]!.status).toBe("error");
    expect(r.policies[0]!.rules[0]!.explanation?.errors[0]?.path).toBe("device.androidSecurityPatchLevel");
  });

  it("cites a source for every rule", () => {
    for (const rule of GRAPH_NOT_REPORTED_RULES)
      expect(rule.source, rule.path).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });
});
