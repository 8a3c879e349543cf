/**
 * `tenet check` validates the top-level fields the policies and the engine read, not the whole
 * device schema: a bad value in a field no policy reads leaves the verdict as it was, and a
 * bad value in a read field is still the record's CP4003 naming the field (docs/semantics.md).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-fields-"));
const policy = join(dir, "windows.tenet");
writeFileSync(
  policy,
  `compliance windows {
  platform windows
  rule os { require device.osVersion >= "10.0.19045" }
  rule bitlocker { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" }
}
`,
);
const device = {
  id: "d1",
  deviceName: "LAPTOP-1",
  operatingSystem: "Windows",
  osVersion: "10.0.22631",
  lastSyncDateTime: "2026-11-25T08:00:00Z",
  deviceHealthAttestationState: { bitLockerStatus: "enabled" },
};

function check(...snapshots: object[]) {
  const fleet = join(dir, `fleet-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(fleet, snapshots.map((s) => JSON.stringify(s)).join("\n"));
  const r = tenet(["check", "-p", policy, fleet, "--now", NOW, "--format", "ndjson", "--full", "--jobs", "1"]);
  const out = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { result?: unknown; error?: { code: string; message: string } });
  return { code: r.code, out, stderr: r.stderr };
}

describe("check validates the fields that are read", () => {
  it("a bad value in a field no policy reads leaves the result as it was", () => {
    const { code, out } = check(device, { ...device, model: 7, serialNumber: { no: 1 }, jailBroken: 3 });
    expect(code).toBe(0);
    expect(out[1]?.result).toEqual(out[0]?.result);
    expect(out[0]?.error).toBeUndefined();
  });

  it("a bad value in a field a policy reads is CP4003 naming it, nested fields included", () => {
    const { code, out, stderr } = check(
      { ...device, osVersion: 7 },
      { ...device, deviceHealthAttestationState: { bitLockerStatus: 5 } },
      { ...device, model: 7, osVersion: [] },
    );
    expect(code).toBe(2);
    expect(out.map((o) => [o.error?.code, o.error?.message.match(/`[^`]*`/)?.[0]])).toEqual([
      ["CP4003", "`/osVersion`"],
      ["CP4003", "`/deviceHealthAttestationState/bitLockerStatus`"],
      ["CP4003", "`/osVersion`"],
    ]);
    expect(stderr).toContain("CP4003");
  });

  it("fields the engine reads itself are validated whatever the policies read", () => {
    const { out } = check({ ...device, deviceName: 5 }, { ...device, lastSyncDateTime: true }, { ...device, id: 1 });
    expect(out.map((o) => o.error?.code)).toEqual(["CP4003", "CP4003", "CP4003"]);
  });
});
