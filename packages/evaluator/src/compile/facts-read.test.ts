import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile } from "./compile.js";
import { factsRead } from "./facts-read.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const compiledOf = (text: string) => compile(loadPolicySources([{ path: "p.tenet", text }], { now: NOW }).value);

describe("factsRead", () => {
  it("names the top-level fields that rules, lets and waiver scopes read, and those the engine reads", () => {
    const fields = factsRead(
      compiledOf(`let modern = device.osVersion >= "10.0.22000"
compliance windows {
  platform windows
  rule os { require modern }
  rule bitlocker { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" }
  rule threat { when device.managedDeviceOwnerType == "company" require device.deviceThreatLevel <= "medium" }
}
waiver lab {
  rules windows.threat
  scope device.model startsWith "LAB"
  reason "lab"  approver "secops@contoso.com"  expires 2027-03-31
}
`),
    );
    for (const read of [
      "osVersion",
      "deviceHealthAttestationState",
      "managedDeviceOwnerType",
      "deviceThreatLevel",
      "model",
    ])
      expect(fields?.has(read), read).toBe(true);
    for (const engine of [
      "id",
      "operatingSystem",
      "lastSyncDateTime",
      "noncompliantSince",
      "deviceCompliancePolicyStates",
    ])
      expect(fields?.has(engine), engine).toBe(true);
    for (const unread of ["serialNumber", "bitLockerStatus", "jailBroken", "windows", "modern"])
      expect(fields?.has(unread), unread).toBe(false);
  });

  it("is every field when assignment filters name device properties in their own text", () => {
    const set = compiledOf(`filter lab {
  platform windows
  rule "(device.model -startsWith \\"LAB\\")"
}
compliance windows {
  platform windows
  assign include all devices filter include lab
  rule os { require device.osVersion >= "10.0.19045" }
}
`);
    expect(set.hasAssignments).toBe(true);
    expect(factsRead(set)).toBeUndefined();
  });
});
