/**
 * The benchmark policy: twelve checks a Windows baseline makes, written once for each
 * engine compared (Tenet, hand-written JavaScript, json-logic-js, json-rules-engine, CEL).
 * `failingIds` of every engine must agree on every device.
 */
export const NOW_MS = Date.parse("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const RANK: Record<string, number> = { secured: 0, low: 1, medium: 2, high: 3 };

export const TENET_POLICY = `compliance peer "Peer benchmark baseline" {
  platform windows

  rule os-supported "OS" { require device.osVersion >= "10.0.26100" remediation "r" controls cis "7.3" }
  rule encrypted "Encrypted" { require device.isEncrypted == true remediation "r" controls cis "3.6" }
  rule bitlocker "BitLocker" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" remediation "r" controls cis "3.6" }
  rule secure-boot "Secure Boot" { require device.deviceHealthAttestationState.secureBoot == "enabled" remediation "r" controls cis "4.1" }
  rule firewall "Firewall" { require device.firewallEnabled == true remediation "r" controls cis "4.5" }
  rule antivirus "Antivirus" { require device.windowsProtectionState.malwareProtectionEnabled == true remediation "r" controls cis "10.1" }
  rule realtime "Real-time protection" {
    require device.windowsProtectionState.realTimeProtectionEnabled == true remediation "r" controls cis "10.1"
  }
  rule signatures "Signatures" { require device.windowsProtectionState.signatureUpdateOverdue == false remediation "r" controls cis "10.2" }
  rule threat "Threat level" { require device.deviceThreatLevel <= "medium" remediation "r" controls cis "10.1" }
  rule password "Password length" { require device.passcodeLength >= 8 remediation "r" controls cis "5.2" }
  rule tpm "TPM" { require device.tpmSpecificationVersion is present remediation "r" controls cis "4.1" }
  rule checked-in "Checked in" { require device.lastSyncDateTime within 30d remediation "r" controls cis "1.1" }
}
`;

export function versionGte(a: string, b: string): boolean {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}
export const threatRank = (level: string) => RANK[level] ?? 99;
export const ageMs = (iso: string) => NOW_MS - Date.parse(iso);

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The twelve checks as plain JavaScript: `true` when the device passes. */
export const JS_CHECKS: [string, (d: D) => boolean][] = [
  ["os-supported", (d) => versionGte(d.osVersion, "10.0.26100")],
  ["encrypted", (d) => d.isEncrypted === true],
  ["bitlocker", (d) => d.deviceHealthAttestationState.bitLockerStatus === "enabled"],
  ["secure-boot", (d) => d.deviceHealthAttestationState.secureBoot === "enabled"],
  ["firewall", (d) => d.firewallEnabled === true],
  ["antivirus", (d) => d.windowsProtectionState.malwareProtectionEnabled === true],
  ["realtime", (d) => d.windowsProtectionState.realTimeProtectionEnabled === true],
  ["signatures", (d) => d.windowsProtectionState.signatureUpdateOverdue === false],
  ["threat", (d) => threatRank(d.deviceThreatLevel) <= 2],
  ["password", (d) => d.passcodeLength >= 8],
  ["tpm", (d) => d.tpmSpecificationVersion !== undefined && d.tpmSpecificationVersion !== null],
  ["checked-in", (d) => ageMs(d.lastSyncDateTime) <= 30 * DAY],
];

/** The same checks as json-logic rules (custom operations for versions, ranks and ages). */
export const JSON_LOGIC_CHECKS: [string, unknown][] = [
  ["os-supported", { versionGte: [{ var: "osVersion" }, "10.0.26100"] }],
  ["encrypted", { "===": [{ var: "isEncrypted" }, true] }],
  ["bitlocker", { "===": [{ var: "deviceHealthAttestationState.bitLockerStatus" }, "enabled"] }],
  ["secure-boot", { "===": [{ var: "deviceHealthAttestationState.secureBoot" }, "enabled"] }],
  ["firewall", { "===": [{ var: "firewallEnabled" }, true] }],
  ["antivirus", { "===": [{ var: "windowsProtectionState.malwareProtectionEnabled" }, true] }],
  ["realtime", { "===": [{ var: "windowsProtectionState.realTimeProtectionEnabled" }, true] }],
  ["signatures", { "===": [{ var: "windowsProtectionState.signatureUpdateOverdue" }, false] }],
  ["threat", { "<=": [{ threatRank: [{ var: "deviceThreatLevel" }] }, 2] }],
  ["password", { ">=": [{ var: "passcodeLength" }, 8] }],
  ["tpm", { "!!": [{ var: "tpmSpecificationVersion" }] }],
  ["checked-in", { "<=": [{ ageMs: [{ var: "lastSyncDateTime" }] }, 30 * DAY] }],
];

/** The same checks as CEL expressions over `d` (custom functions for versions, ranks and ages). */
export const CEL_CHECKS: [string, string][] = [
  ["os-supported", 'versionGte(d.osVersion, "10.0.26100")'],
  ["encrypted", "d.isEncrypted == true"],
  ["bitlocker", 'd.deviceHealthAttestationState.bitLockerStatus == "enabled"'],
  ["secure-boot", 'd.deviceHealthAttestationState.secureBoot == "enabled"'],
  ["firewall", "d.firewallEnabled == true"],
  ["antivirus", "d.windowsProtectionState.malwareProtectionEnabled == true"],
  ["realtime", "d.windowsProtectionState.realTimeProtectionEnabled == true"],
  ["signatures", "d.windowsProtectionState.signatureUpdateOverdue == false"],
  ["threat", "threatRank(d.deviceThreatLevel) <= 2.0"],
  ["password", "d.passcodeLength >= 8.0"],
  ["tpm", "has(d.tpmSpecificationVersion)"],
  ["checked-in", `ageMs(d.lastSyncDateTime) <= ${30 * DAY}.0`],
];

/** json-rules-engine conditions, one rule per check (custom operators for versions, ranks and ages). */
export const RULES_ENGINE_CHECKS: [string, Record<string, unknown>][] = [
  ["os-supported", { fact: "osVersion", operator: "versionGte", value: "10.0.26100" }],
  ["encrypted", { fact: "isEncrypted", operator: "equal", value: true }],
  [
    "bitlocker",
    { fact: "deviceHealthAttestationState", path: "$.bitLockerStatus", operator: "equal", value: "enabled" },
  ],
  ["secure-boot", { fact: "deviceHealthAttestationState", path: "$.secureBoot", operator: "equal", value: "enabled" }],
  ["firewall", { fact: "firewallEnabled", operator: "equal", value: true }],
  ["antivirus", { fact: "windowsProtectionState", path: "$.malwareProtectionEnabled", operator: "equal", value: true }],
  ["realtime", { fact: "windowsProtectionState", path: "$.realTimeProtectionEnabled", operator: "equal", value: true }],
  ["signatures", { fact: "windowsProtectionState", path: "$.signatureUpdateOverdue", operator: "equal", value: false }],
  ["threat", { fact: "deviceThreatLevel", operator: "threatAtMost", value: 2 }],
  ["password", { fact: "passcodeLength", operator: "greaterThanInclusive", value: 8 }],
  ["tpm", { fact: "tpmSpecificationVersion", operator: "notEqual", value: null }],
  ["checked-in", { fact: "lastSyncDateTime", operator: "ageAtMost", value: 30 * DAY }],
];
