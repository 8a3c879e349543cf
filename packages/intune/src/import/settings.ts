/**
 * How each Graph compliance setting maps to a Tenet rule, and back. A rule is named after
 * its Graph property; its condition reads the device facts of Tenet's Intune mode
 * (docs/intune-mode.md §2). `condition` returns undefined for a value that means "not
 * configured"; `parse` reads the Graph value back from the rule's canonical text.
 */
export interface SettingMapping {
  property: string;
  title: string;
  severity: "low" | "medium" | "high" | "critical";
  remediation: string;
  condition(value: unknown, policy: Record<string, unknown>): string | undefined;
  /** False when another property switches this setting off (its value is then not configured). */
  configured?(policy: Record<string, unknown>): boolean;
  parse(text: string): unknown;
  /**
   * The one value that means both `a` and `b` when two rules set this setting (the stricter),
   * or undefined when no single value does. Without it, only equal values combine.
   */
  stricter?(a: unknown, b: unknown): unknown;
  /** What Graph value the setting takes, so that the forms real exports use can be read (`normalise-value.ts`). */
  kind?: "boolean" | "version" | "number" | "versionRanges";
  /** A value that, for this setting, means "not configured" (Intune's default), besides those of `notConfigured`. */
  unset?: unknown;
  /** A rule on the state Intune reported for the setting (its value is kept in the rule's description). */
  reported?: boolean;
}

import { reportedSettings } from "./reported-settings.js";

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const unq = (s: string) => s.replace(/\\(.)/g, "$1");
const VERSION = /^\d+(\.\d+)*$/;
const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

function flag(
  property: string,
  title: string,
  severity: SettingMapping["severity"],
  condition: string,
  remediation: string,
): SettingMapping {
  return {
    property,
    title,
    severity,
    remediation,
    kind: "boolean",
    condition: (v) => (v === true ? condition : undefined),
    parse: (t) => (t === condition ? true : undefined),
  };
}

/** Numeric, per component, missing components as 0 (docs/semantics.md). */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function version(property: string, title: string, path: string, op: ">=" | "<=", remediation: string): SettingMapping {
  const re = new RegExp(`^${path.replace(/\./g, "\\.")} ${op} ${STRING}$`);
  return {
    property,
    title,
    severity: "high",
    remediation,
    kind: "version",
    stricter: (a, b) => (compareVersions(String(a), String(b)) >= 0 === (op === ">=") ? a : b),
    condition: (v) => (typeof v === "string" && VERSION.test(v.trim()) ? `${path} ${op} ${q(v.trim())}` : undefined),
    parse: (t) => {
      const m = re.exec(t);
      return m === null ? undefined : unq(m[1]!);
    },
  };
}

function minimum(property: string, title: string, path: string, remediation: string): SettingMapping {
  const re = new RegExp(`^${path.replace(/\./g, "\\.")} >= (\\d+)$`);
  return {
    property,
    title,
    severity: "medium",
    remediation,
    kind: "number",
    condition: (v) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? `${path} >= ${v}` : undefined),
    stricter: (a, b) => Math.max(Number(a), Number(b)),
    parse: (t) => {
      const m = re.exec(t);
      return m === null ? undefined : Number(m[1]);
    },
  };
}

const THREAT_LEVELS = ["secured", "low", "medium", "high"];

const threat: SettingMapping = {
  property: "deviceThreatProtectionRequiredSecurityLevel",
  title: "Device threat level is at or under the allowed level",
  severity: "high",
  remediation: "Open the threat defense app and resolve the reported threats",
  // The level only counts when threat protection is switched on.
  configured: (policy) => String(policy["deviceThreatProtectionEnabled"]).toLowerCase() === "true",
  condition: (v) =>
    typeof v === "string" && THREAT_LEVELS.includes(v) ? `device.deviceThreatLevel <= ${q(v)}` : undefined,
  stricter: (a, b) => (THREAT_LEVELS.indexOf(String(a)) <= THREAT_LEVELS.indexOf(String(b)) ? a : b),
  parse: (t) => /^device\.deviceThreatLevel <= "(secured|low|medium|high)"$/.exec(t)?.[1],
};

const buildRanges: SettingMapping = {
  property: "validOperatingSystemBuildRanges",
  kind: "versionRanges",
  title: "OS build is inside an allowed range",
  severity: "high",
  remediation: "Update Windows to a build inside an allowed range",
  condition: (v) => {
    if (!Array.isArray(v) || v.length === 0) return undefined;
    const ranges = v
      .filter((r): r is Record<string, unknown> => r !== null && typeof r === "object")
      .filter(
        (r) =>
          typeof r["lowestVersion"] === "string" &&
          typeof r["highestVersion"] === "string" &&
          VERSION.test(r["lowestVersion"]) &&
          VERSION.test(r["highestVersion"]),
      )
      .map(
        (r) =>
          `(device.osVersion >= ${q(r["lowestVersion"] as string)} and device.osVersion <= ${q(r["highestVersion"] as string)})`,
      );
    return ranges.length === 0 ? undefined : ranges.join(" or ");
  },
  parse: (t) => {
    const parts = t.split(" or ");
    const ranges = parts.map((p) =>
      /^\(device\.osVersion >= "([\d.]+)" and device\.osVersion <= "([\d.]+)"\)$/.exec(p),
    );
    return ranges.every((m) => m !== null)
      ? ranges.map((m) => ({ lowestVersion: m![1], highestVersion: m![2] }))
      : undefined;
  },
};

const patchLevel: SettingMapping = {
  property: "minAndroidSecurityPatchLevel",
  title: "Security patch level is recent enough",
  severity: "high",
  remediation: "Install the latest system update",
  condition: (v) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())
      ? `device.androidSecurityPatchLevel >= ${q(v.trim())}`
      : undefined,
  stricter: (a, b) => (String(a) >= String(b) ? a : b),
  parse: (t) => /^device\.androidSecurityPatchLevel >= "(\d{4}-\d{2}-\d{2})"$/.exec(t)?.[1],
};

const encryption = flag(
  "storageRequireEncryption",
  "Storage is encrypted",
  "critical",
  "device.isEncrypted == true",
  "Encrypt the device storage",
);
const jailbreak = flag(
  "securityBlockJailbrokenDevices",
  "Device is not jailbroken or rooted",
  "critical",
  'device.jailBroken != "True"',
  "Restore the device's original firmware",
);
const osMin = version(
  "osMinimumVersion",
  "OS version is at least the minimum",
  "device.osVersion",
  ">=",
  "Update the operating system",
);
const osMax = version(
  "osMaximumVersion",
  "OS version is at most the maximum",
  "device.osVersion",
  "<=",
  "This OS version is not yet approved; wait for approval or roll back",
);
const password = (p: string) =>
  flag(p, "A password is required", "high", "device.passcodeSet == true", "Set a device password");
const passwordLength = (p: string) =>
  minimum(p, "Password is long enough", "device.passcodeLength", "Use a longer device password");

const common = [osMin, osMax, encryption, threat];

/** Settings Tenet recomputes from device facts, per Graph policy type. */
const FROM_FACTS: Record<string, SettingMapping[]> = {
  windows10CompliancePolicy: [
    ...common,
    buildRanges,
    flag(
      "bitLockerEnabled",
      "BitLocker is on",
      "critical",
      'device.deviceHealthAttestationState.bitLockerStatus == "enabled"',
      "Turn on BitLocker and restart",
    ),
    flag(
      "secureBootEnabled",
      "Secure Boot is on",
      "high",
      'device.deviceHealthAttestationState.secureBoot == "enabled"',
      "Enable Secure Boot in the firmware settings",
    ),
    flag(
      "codeIntegrityEnabled",
      "Code integrity is on",
      "high",
      'device.deviceHealthAttestationState.codeIntegrity == "enabled"',
      "Re-enable code integrity",
    ),
    flag(
      "activeFirewallRequired",
      "Firewall is on",
      "high",
      "device.firewallEnabled == true",
      "Turn on Windows Firewall",
    ),
    flag(
      "tpmRequired",
      "A TPM is present",
      "high",
      "device.tpmSpecificationVersion is present",
      "Enable the TPM in the firmware settings",
    ),
    flag(
      "defenderEnabled",
      "Microsoft Defender Antimalware is on",
      "critical",
      "device.windowsProtectionState.malwareProtectionEnabled == true",
      "Turn on Microsoft Defender Antivirus",
    ),
    flag(
      "rtpEnabled",
      "Real-time protection is on",
      "high",
      "device.windowsProtectionState.realTimeProtectionEnabled == true",
      "Turn on real-time protection",
    ),
    flag(
      "signatureOutOfDate",
      "Security intelligence is up to date",
      "medium",
      "device.windowsProtectionState.signatureUpdateOverdue == false",
      "Update Microsoft Defender security intelligence",
    ),
    version(
      "defenderVersion",
      "Defender antimalware version is recent enough",
      "device.windowsProtectionState.antiMalwareVersion",
      ">=",
      "Update the Microsoft Defender platform",
    ),
    password("passwordRequired"),
    passwordLength("passwordMinimumLength"),
  ],
  macOSCompliancePolicy: [
    ...common,
    flag("firewallEnabled", "Firewall is on", "medium", "device.firewallEnabled == true", "Turn on the macOS firewall"),
    password("passwordRequired"),
    passwordLength("passwordMinimumLength"),
  ],
  iosCompliancePolicy: [...common, jailbreak, password("passcodeRequired"), passwordLength("passcodeMinimumLength")],
  androidWorkProfileCompliancePolicy: [
    ...common,
    jailbreak,
    patchLevel,
    password("passwordRequired"),
    passwordLength("passwordMinimumLength"),
  ],
  androidDeviceOwnerCompliancePolicy: [
    ...common,
    jailbreak,
    patchLevel,
    password("passwordRequired"),
    passwordLength("passwordMinimumLength"),
  ],
  aospDeviceOwnerCompliancePolicy: [
    ...common,
    jailbreak,
    patchLevel,
    password("passwordRequired"),
    passwordLength("passwordMinimumLength"),
  ],
};

/** Settings Tenet carries over, per Graph policy type: recomputed from facts, then read from Intune's reported states. */
export const SETTINGS: Record<string, SettingMapping[]> = Object.fromEntries(
  Object.entries(FROM_FACTS).map(([type, mappings]) => [type, [...mappings, ...reportedSettings(type)]]),
);

/** Tenet platform of each Graph policy type. */
export const PLATFORM_OF: Record<string, string> = {
  windows10CompliancePolicy: "windows",
  macOSCompliancePolicy: "macOS",
  iosCompliancePolicy: "iOS",
  androidWorkProfileCompliancePolicy: "androidWorkProfile",
  androidDeviceOwnerCompliancePolicy: "androidDeviceOwner",
  aospDeviceOwnerCompliancePolicy: "androidAOSP",
};

/** Properties that describe the policy rather than a setting, or only qualify another setting. */
export const METADATA = new Set([
  "id",
  "displayName",
  "description",
  "version",
  "createdDateTime",
  "lastModifiedDateTime",
  "roleScopeTagIds",
  "assignments",
  "scheduledActionsForRule",
  "deviceStatuses",
  "userStatuses",
  "deviceStatusOverview",
  "userStatusOverview",
  "deviceSettingStateSummaries",
  "deviceThreatProtectionEnabled",
]);

/** Values Intune writes for a setting that is not configured: never evaluated, so no rule. */
export function notConfigured(value: unknown): boolean {
  return (
    value === false ||
    value === null ||
    value === undefined ||
    value === "" ||
    value === "unavailable" ||
    value === "notSet" ||
    value === "deviceDefault" ||
    value === "notConfigured" ||
    value === "none" ||
    (Array.isArray(value) && value.length === 0)
  );
}
