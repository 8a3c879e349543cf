// A small policy set and device snapshots for the history tests and the benchmark.
import { compile, type CompiledPolicySet } from "@tenet/evaluator";
import { loadPolicySources } from "@tenet/parser";
import type { PolicyBundle } from "@tenet/history";

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const START = Date.parse("2026-06-01T06:00:00Z");
export const iso = (ms: number) => new Date(ms).toISOString();

/** Windows: grace period 3 days, notify at once, retire after 7 days. macOS: no grace period. */
export const POLICY_V1 = `
compliance win "Windows baseline" {
  platform windows
  controls iso27001 "A.8.1"
  rule os "OS build is serviced" {
    require device.osVersion >= "10.0.26100"
    controls iso27001 "A.8.8"
  }
  rule firewall "Firewall is on" {
    require device.firewallEnabled == true
    controls iso27001 "A.8.20"
  }
  on noncompliant {
    after 0h notify
    after 72h mark noncompliant
    after 7d retire
  }
}

compliance mac "macOS baseline" {
  platform macOS
  controls iso27001 "A.8.1"
  rule encrypted "Disk is encrypted" {
    require device.isEncrypted == true
    controls iso27001 "A.8.24"
  }
}
`;

/** The same set with the Windows minimum raised: devices on 10.0.26100 start failing. */
export const POLICY_V2 = POLICY_V1.replace('"10.0.26100"', '"10.0.26200"');

export function waiverFor(deviceIds: string[], expires: string): string {
  return `
waiver fw-exception "Firewall exception for lab devices" {
  rules win.firewall
  devices ${deviceIds.map((d) => JSON.stringify(d)).join(", ")}
  reason "lab"
  approver "secops@contoso.com"
  expires ${expires}
}
`;
}

export function policySet(text: string, nowMs = START): { compiled: CompiledPolicySet; bundle: PolicyBundle } {
  const sources = [{ path: "policies/fleet.tenet", text }];
  const loaded = loadPolicySources(sources, { now: nowMs });
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`fixture policies do not check: ${errors.map((d) => d.message).join("; ")}`);
  return { compiled: compile(loaded.value), bundle: { sources } };
}

export interface SimDevice {
  id: string;
  deviceName: string;
  operatingSystem: "Windows" | "macOS";
  osVersion: string;
  firewallEnabled?: boolean;
  isEncrypted?: boolean;
  lastSyncDateTime: string;
  userPrincipalName: string;
  complianceGracePeriodExpirationDateTime?: string;
  exchangeLastSuccessfulSyncDateTime?: string;
}

export function windows(id: string, sync: number, extra: Partial<SimDevice> = {}): SimDevice {
  return {
    id,
    deviceName: id.toUpperCase(),
    operatingSystem: "Windows",
    osVersion: "10.0.26100.100",
    firewallEnabled: true,
    lastSyncDateTime: iso(sync),
    userPrincipalName: `${id}@contoso.com`,
    ...extra,
  };
}

export function mac(id: string, sync: number, extra: Partial<SimDevice> = {}): SimDevice {
  return {
    id,
    deviceName: id.toUpperCase(),
    operatingSystem: "macOS",
    osVersion: "15.1",
    isEncrypted: true,
    lastSyncDateTime: iso(sync),
    userPrincipalName: `${id}@contoso.com`,
    ...extra,
  };
}
