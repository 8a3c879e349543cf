/**
 * The benchmark workload: a realistic compliance policy set in Tenet (five policies, 41 rules:
 * versions, enums, ordered enums, dates, datetimes, `in` lists, string and regex operators,
 * `any`/`all` quantifiers over installed apps, lets used as values and as conditions, rule
 * `when`, `on unknown`, advisory and hard enforcement, grace periods and a scoped waiver),
 * and the same rules written by hand in TypeScript (the baseline Tenet is measured against).
 * `policies.test.ts` checks that both give the same states on a generated fleet.
 */

import {
  and,
  atLeast,
  dateWithinDays,
  E,
  eq,
  F,
  handVerdict,
  openRun,
  inSet,
  ne,
  nil,
  not,
  obj,
  or,
  PolicyRun,
  present,
  T,
  threatAtMostLow,
  U,
  versionAtLeast,
  withinDays,
  type D,
  type HandResult,
  type Truth,
} from "./hand-verdict.js";

export type { HandResult } from "./hand-verdict.js";

/** Tenet source of the benchmark policy set (formatted with `tenet fmt`, lint-clean). */
export const BENCH_POLICY_TEXT = `# The benchmark policy set: five compliance policies, 41 rules.
let min-windows = "10.0.26100"

let min-defender = "4.18.25000"

let min-macos = "15.0"

let min-ios = "18.0"

let min-android = "14"

let banned-apps = ["uTorrent", "TeamViewer 11", "CCleaner"]

let approved-distros = ["ubuntu", "rhel", "debian"]

let low-threat = device.deviceThreatLevel <= "low"

let strong-passcode = device.passcodeSet == true and device.passcodeLength >= 8

let corporate = device.managedDeviceOwnerType == "company"

compliance bench-windows "Windows corporate baseline" {
  platform windows
  controls iso27001 "A.8.1"

  rule os-supported "OS build is serviced" {
    require device.osVersion >= min-windows
    severity high
    remediation "Update Windows: {device.osVersion} is older than 10.0.26100"
  }

  rule bitlocker "BitLocker is on" {
    require device.deviceHealthAttestationState.bitLockerStatus == "enabled"
    severity critical
    remediation "Turn on BitLocker for the system drive and restart so Health Attestation reports it"
  }

  rule secure-boot "Secure Boot is on" {
    require device.deviceHealthAttestationState.secureBoot == "enabled"
    remediation "Enable Secure Boot in the UEFI firmware settings"
  }

  rule code-integrity "Code integrity is not off" {
    require device.deviceHealthAttestationState.codeIntegrity != "disabled"
    remediation "Boot without test signing or debug mode so code integrity is enforced"
  }

  rule tpm "A TPM is present" {
    require device.tpmSpecificationVersion is present
    remediation "Enable the TPM in firmware"
  }

  rule firewall "Firewall is on" {
    require device.firewallEnabled == true
    remediation "Turn on the firewall for every network profile"
  }

  rule antimalware "Defender is running" {
    require device.windowsProtectionState.malwareProtectionEnabled == true and
        device.windowsProtectionState.realTimeProtectionEnabled == true
    remediation "Turn on Microsoft Defender Antivirus and real-time protection"
  }

  rule signatures "Signatures are current" {
    require not (device.windowsProtectionState.signatureUpdateOverdue == true)
    remediation "Update Defender security intelligence"
  }

  rule defender-version "Defender platform is current" {
    require device.windowsProtectionState.antiMalwareVersion >= min-defender
    remediation "Update the Defender platform: {device.windowsProtectionState.antiMalwareVersion} is older than 4.18.25000"
  }

  rule threat-level "Threat level low or better" {
    require low-threat
    remediation "Resolve the active threats reported by Defender or Mobile Threat Defense"
  }

  rule no-banned-apps "No banned applications" {
    when device.detectedApps is present
    require not any app in device.detectedApps where app.displayName in banned-apps
    remediation "Uninstall uTorrent, TeamViewer 11 and CCleaner"
  }

  rule joined "Joined to Entra" {
    require device.joinType in ["azureADJoined", "hybridAzureADJoined"]
    enforcement advisory
    remediation "Join the device to Entra ID"
  }

  on noncompliant {
    after 0h notify
    after 72h mark noncompliant
    after 30d retire
  }
}

compliance bench-macos "macOS corporate baseline" {
  platform macOS

  rule os-supported "macOS is supported" {
    require device.osVersion >= min-macos
    remediation "Update macOS to 15 or later"
  }

  rule filevault "FileVault is on" {
    require device.isEncrypted == true
    severity critical
    remediation "Turn on FileVault in System Settings > Privacy & Security"
  }

  rule firewall "Firewall is on" {
    require device.firewallEnabled == true
    remediation "Turn on the firewall for every network profile"
  }

  rule passcode "Strong password" {
    require strong-passcode
    remediation "Set a password of at least 8 characters"
  }

  rule threat-level "Threat level low or not reported" {
    require low-threat or device.deviceThreatLevel is missing
    remediation "Resolve the active threats reported by Defender or Mobile Threat Defense"
  }

  rule checked-in "Checked in within two weeks" {
    require device.lastSyncDateTime within 14d
    remediation "Open the Company Portal app and sync the device"
  }

  rule apps-published "Every app names its publisher" {
    require all app in device.detectedApps where app.publisher is present
    remediation "Remove applications that do not name a publisher"
  }

  rule no-banned-apps "No banned applications" {
    require not any app in device.detectedApps where app.displayName in banned-apps
    on unknown fail
    remediation "Uninstall uTorrent, TeamViewer 11 and CCleaner"
  }

  on noncompliant {
    after 24h mark noncompliant
  }
}

compliance bench-ios "iOS/iPadOS baseline" {
  platform iOS

  rule os-supported "iOS is supported" {
    require device.osVersion >= min-ios
    remediation "Update iOS to 18 or later"
  }

  rule not-jailbroken "Not jailbroken" {
    require device.jailBroken == "False"
    severity critical
    enforcement hard
    remediation "Restore the device to factory firmware"
  }

  rule passcode "Six-digit passcode" {
    require device.passcodeSet == true and device.passcodeLength >= 6
    remediation "Set a passcode of at least 6 digits"
  }

  rule threat-level "Threat level low or better" {
    require low-threat
    remediation "Resolve the active threats reported by Defender or Mobile Threat Defense"
  }

  rule supervised "Corporate devices are supervised" {
    when corporate
    require device.isSupervised == true
    remediation "Re-enroll the device through Automated Device Enrollment"
  }

  rule checked-in "Checked in within a week" {
    require device.lastSyncDateTime within 7d
    on unknown unknown
    remediation "Open the Company Portal app and sync the device"
  }

  rule encrypted "Data protection is on" {
    require device.isEncrypted == true
    enforcement advisory
    remediation "Turn on device encryption"
  }
}

compliance bench-android "Android baseline" {
  platform android

  rule os-supported "Android is supported" {
    require device.osVersion >= min-android
    remediation "Update Android to 14 or later"
  }

  rule patch-level "Security patch within 90 days" {
    require device.androidSecurityPatchLevel within 90d
    remediation "Install the latest Android security update: {device.androidSecurityPatchLevel} is older than 90 days"
  }

  rule not-rooted "Not rooted" {
    require device.jailBroken != "True"
    remediation "Restore the device to stock firmware"
  }

  rule encrypted "Storage is encrypted" {
    require device.isEncrypted == true
    remediation "Turn on device encryption"
  }

  rule passcode "Six-digit passcode" {
    require device.passcodeLength >= 6
    remediation "Set a passcode of at least 6 digits"
  }

  rule threat-level "Threat level low or better" {
    require device.deviceThreatLevel in ["secured", "low"]
    remediation "Resolve the active threats reported by Defender or Mobile Threat Defense"
  }

  rule management-mode "Managed with a supported mode" {
    require device.androidManagementMode in ["workProfile", "fullyManaged", "corporateOwnedWorkProfile"]
    remediation "Re-enroll as work profile or fully managed"
  }

  rule name-convention "Device name follows the convention" {
    require device.deviceName matches "^(AND|LAB)-[0-9]+$"
    enforcement advisory
    remediation "Rename the device to AND-<number>"
  }

  on noncompliant {
    after 0h push
    after 48h mark noncompliant
  }
}

compliance bench-fleet "Every managed device" {
  rule checked-in "Checked in within 30 days" {
    require device.lastSyncDateTime within 30d
    remediation "Open the Company Portal app and sync the device"
  }

  rule ownership-known "Ownership is recorded" {
    require device.managedDeviceOwnerType != "unknown"
    remediation "Set the device ownership in Intune"
  }

  rule corporate-encrypted "Corporate devices are encrypted" {
    when corporate
    require device.isEncrypted == true or device.operatingSystem == "Linux"
    remediation "Turn on disk encryption"
  }

  rule linux-distro "Linux runs an approved distribution" {
    when device.operatingSystem == "Linux"
    require device.distribution in approved-distros
    remediation "Reinstall with Ubuntu, RHEL or Debian"
  }

  rule not-jailbroken "Not jailbroken where reported" {
    require device.jailBroken is missing or device.jailBroken != "True"
    remediation "Restore the device to factory firmware"
  }

  rule contoso-user "Corporate devices belong to a Contoso user" {
    when corporate
    require device.userPrincipalName endsWith "@contoso.com"
    enforcement advisory
    remediation "Assign the device to its Contoso user"
  }
}

waiver lab-machines "Imaging lab machines are re-imaged nightly" {
  rules bench-windows.firewall, bench-macos.firewall, bench-fleet.checked-in
  scope device.deviceName startsWith "LAB-"
  reason "Lab machines hold no user data and are wiped every night"
  approver "secops@contoso.com"
  ticket "SEC-1427"
  expires 2027-06-30
}
`;

/**
 * A generated policy file of `ruleCount` rules (50 per policy, cycling through every operator
 * family with varied literals and remediations): the parse and check workload at scale.
 */
export function generatedPolicyText(ruleCount: number): string {
  const platforms = ["windows", "macOS", "iOS", "android", "linux"];
  const bodies: ((i: number) => string)[] = [
    (i) => `device.osVersion >= "10.0.${19000 + i}"`,
    (i) => `device.passcodeSet == true and device.passcodeLength >= ${4 + (i % 12)}`,
    (i) => `device.lastSyncDateTime within ${1 + (i % 60)}d`,
    (i) => `device.deviceName startsWith "P${i}-" or device.deviceName endsWith "-${i}"`,
    (i) =>
      `not any app in device.detectedApps where app.displayName == "App ${i}" and app.publisher != "Vendor ${i % 9}"`,
    (i) => `device.deviceThreatLevel <= ${['"secured"', '"low"', '"medium"'][i % 3]!}`,
    () => `device.jailBroken != "True" and (device.isEncrypted == true or device.managedDeviceOwnerType == "personal")`,
    (i) =>
      `device.androidManagementMode in ["workProfile", "fullyManaged"] or device.androidSecurityPatchLevel within ${30 + i}d`,
    (i) =>
      `device.windowsProtectionState.antiMalwareVersion >= "4.18.${24000 + i}" and ` +
      `device.windowsProtectionState.signatureUpdateOverdue == false`,
    (i) => `device.distribution in ["ubuntu", "rhel", "debian-${i}"] and device.deviceName matches "^[A-Z]{3}-[0-9]+$"`,
  ];
  const out: string[] = [`let generated-minimum = "10.0.19045"`];
  for (let p = 0; p * 50 < ruleCount; p++) {
    const rules: string[] = [];
    for (let r = 0; r < 50 && p * 50 + r < ruleCount; r++) {
      const i = p * 50 + r;
      rules.push(`  rule r${i} "Generated rule ${i}" {
    require ${bodies[i % bodies.length]!(i)}
    severity ${["low", "medium", "high", "critical"][i % 4]!}
    remediation "Fix generated rule ${i} on {device.deviceName}"
    controls iso27001 "A.8.${i % 30}", nist80053 "SI-${i % 7}"
  }`);
    }
    out.push(`compliance generated-${p} "Generated policy ${p}" {
  platform ${platforms[p % platforms.length]!}
  when device.osVersion >= generated-minimum or device.operatingSystem != "Windows"

${rules.join("\n\n")}

  on noncompliant {
    after 0h notify
    after ${24 * (1 + (p % 3))}h mark noncompliant
  }
}`);
  }
  return `${out.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// The same 41 rules written by hand: what a team would write without Tenet. Plain property
// reads, typeof checks, Kleene logic where a fact can be missing (U) or malformed (E), Intune's
// state ladder, grace periods, the lab waiver and the built-in default policy. It decides the
// same way as Tenet on the generated fleet (`policies.test.ts`); where Tenet accepts more input
// forms (datetimes with offsets, case variants of platform names), it handles what the
// generator produces.

const BANNED = new Set(["uTorrent", "TeamViewer 11", "CCleaner"]);
const DISTROS = new Set(["ubuntu", "rhel", "debian"]);
const JOINED = new Set(["azureADJoined", "hybridAzureADJoined"]);
const ANDROID_MODES = new Set(["workProfile", "fullyManaged", "corporateOwnedWorkProfile"]);
const LAB_WAIVER_EXPIRES = Date.UTC(2027, 5, 30);

/** `any app in apps where app.displayName in banned-apps`. */
function anyBannedApp(apps: unknown): Truth {
  if (nil(apps)) return U;
  if (!Array.isArray(apps)) return E;
  let sawE = false;
  let sawU = false;
  for (const app of apps) {
    const r = inSet(obj(app)?.["displayName"], BANNED);
    if (r === T) return T;
    if (r === E) sawE = true;
    else if (r === U) sawU = true;
  }
  return sawE ? E : sawU ? U : F;
}
/** `all app in apps where app.publisher is present`. */
function allAppsPublished(apps: unknown): Truth {
  if (nil(apps)) return U;
  if (!Array.isArray(apps)) return E;
  for (const app of apps) if (nil(obj(app)?.["publisher"])) return F;
  return T;
}

type Platform = "windows" | "macOS" | "iOS" | "android" | "linux";
function platformOf(os: unknown): Platform | "missing" | "unrecognized" {
  if (nil(os)) return "missing";
  switch (os) {
    case "Windows":
      return "windows";
    case "macOS":
      return "macOS";
    case "iOS":
    case "iPadOS":
      return "iOS";
    case "Android":
      return "android";
    case "Linux":
      return "linux";
    default:
      return "unrecognized";
  }
}

/**
 * Evaluates one device against the benchmark policy set by hand, with Intune semantics: the
 * same states, rule outcomes, grace periods, waiver and default policy as Tenet's `evaluate`.
 */
export function handWrittenEvaluate(d: D, now: number): HandResult {
  const platform = platformOf(d["operatingSystem"]);
  const name = d["deviceName"];
  const lab = typeof name === "string" && name.startsWith("LAB-") && now < LAB_WAIVER_EXPIRES;
  const dha = d["deviceHealthAttestationState"];
  const wps = d["windowsProtectionState"];
  const corporate = eq(d["managedDeviceOwnerType"], "company");
  const lowThreat = threatAtMostLow(d["deviceThreatLevel"]);
  const runs: PolicyRun[] = [];
  const applicable = (policy: string, target: Platform, ruleNames: string[]): PolicyRun | undefined =>
    openRun(
      runs,
      policy,
      platform === "missing" || platform === "unrecognized" ? E : platform === target ? T : F,
      ruleNames,
      lab,
    );

  const win = applicable("bench-windows", "windows", [
    "os-supported",
    "bitlocker",
    "secure-boot",
    "code-integrity",
    "tpm",
    "firewall",
    "antimalware",
    "signatures",
    "defender-version",
    "threat-level",
    "no-banned-apps",
    "joined",
  ]);
  if (win !== undefined) {
    const h = obj(dha);
    const w = obj(wps);
    const hv = (k: string) => h?.[k];
    const wv = (k: string) => w?.[k];
    win.rule("os-supported", versionAtLeast(d["osVersion"], [10, 0, 26100]));
    win.rule("bitlocker", eq(hv("bitLockerStatus"), "enabled"));
    win.rule("secure-boot", eq(hv("secureBoot"), "enabled"));
    win.rule("code-integrity", ne(hv("codeIntegrity"), "disabled"));
    win.rule("tpm", present(d["tpmSpecificationVersion"]));
    win.rule("firewall", eq(d["firewallEnabled"], true), { waivable: true });
    win.rule("antimalware", and(eq(wv("malwareProtectionEnabled"), true), eq(wv("realTimeProtectionEnabled"), true)));
    win.rule("signatures", not(eq(wv("signatureUpdateOverdue"), true)));
    win.rule("defender-version", versionAtLeast(wv("antiMalwareVersion"), [4, 18, 25000]));
    win.rule("threat-level", lowThreat);
    win.ruleWhen("no-banned-apps", present(d["detectedApps"]), () => not(anyBannedApp(d["detectedApps"])));
    win.rule("joined", inSet(d["joinType"], JOINED), { advisory: true });
  }

  const mac = applicable("bench-macos", "macOS", [
    "os-supported",
    "filevault",
    "firewall",
    "passcode",
    "threat-level",
    "checked-in",
    "apps-published",
    "no-banned-apps",
  ]);
  if (mac !== undefined) {
    mac.rule("os-supported", versionAtLeast(d["osVersion"], [15, 0]));
    mac.rule("filevault", eq(d["isEncrypted"], true));
    mac.rule("firewall", eq(d["firewallEnabled"], true), { waivable: true });
    mac.rule("passcode", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 8)));
    mac.rule("threat-level", or(lowThreat, nil(d["deviceThreatLevel"]) ? T : F));
    mac.rule("checked-in", withinDays(d["lastSyncDateTime"], now, 14));
    mac.rule("apps-published", allAppsPublished(d["detectedApps"]));
    mac.rule("no-banned-apps", not(anyBannedApp(d["detectedApps"])), { onUnknown: "fail" });
  }

  const ios = applicable("bench-ios", "iOS", [
    "os-supported",
    "not-jailbroken",
    "passcode",
    "threat-level",
    "supervised",
    "checked-in",
    "encrypted",
  ]);
  if (ios !== undefined) {
    ios.rule("os-supported", versionAtLeast(d["osVersion"], [18, 0]));
    ios.rule("not-jailbroken", eq(d["jailBroken"], "False"));
    ios.rule("passcode", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 6)));
    ios.rule("threat-level", lowThreat);
    ios.ruleWhen("supervised", corporate, () => eq(d["isSupervised"], true));
    ios.rule("checked-in", withinDays(d["lastSyncDateTime"], now, 7), { onUnknown: "unknown" });
    ios.rule("encrypted", eq(d["isEncrypted"], true), { advisory: true });
  }

  const android = applicable("bench-android", "android", [
    "os-supported",
    "patch-level",
    "not-rooted",
    "encrypted",
    "passcode",
    "threat-level",
    "management-mode",
    "name-convention",
  ]);
  if (android !== undefined) {
    android.rule("os-supported", versionAtLeast(d["osVersion"], [14]));
    android.rule("patch-level", dateWithinDays(d["androidSecurityPatchLevel"], now, 90));
    android.rule("not-rooted", ne(d["jailBroken"], "True"));
    android.rule("encrypted", eq(d["isEncrypted"], true));
    android.rule("passcode", atLeast(d["passcodeLength"], 6));
    android.rule("threat-level", lowThreat);
    android.rule("management-mode", inSet(d["androidManagementMode"], ANDROID_MODES));
    android.rule(
      "name-convention",
      nil(name) ? U : typeof name !== "string" ? E : /^(AND|LAB)-[0-9]+$/.test(name) ? T : F,
      { advisory: true },
    );
  }

  const fleet = new PolicyRun("bench-fleet", lab);
  runs.push(fleet);
  const os = d["operatingSystem"];
  const isLinux = eq(os, "Linux");
  fleet.rule("checked-in", withinDays(d["lastSyncDateTime"], now, 30), { waivable: true });
  fleet.rule("ownership-known", ne(d["managedDeviceOwnerType"], "unknown"));
  fleet.ruleWhen("corporate-encrypted", corporate, () => or(eq(d["isEncrypted"], true), isLinux));
  fleet.ruleWhen("linux-distro", isLinux, () => inSet(d["distribution"], DISTROS));
  fleet.rule("not-jailbroken", or(nil(d["jailBroken"]) ? T : F, ne(d["jailBroken"], "True")));
  fleet.ruleWhen(
    "contoso-user",
    corporate,
    () => {
      const upn = d["userPrincipalName"];
      return nil(upn) ? U : typeof upn !== "string" ? E : upn.endsWith("@contoso.com") ? T : F;
    },
    { advisory: true },
  );

  const grace: Record<string, number> = {
    "bench-windows": 72 * 3_600_000,
    "bench-macos": 24 * 3_600_000,
    "bench-android": 48 * 3_600_000,
  };
  return handVerdict(d, now, runs, grace, ADVISORY);
}

const ADVISORY = new Set([
  "bench-windows.joined",
  "bench-ios.encrypted",
  "bench-android.name-convention",
  "bench-fleet.contoso-user",
]);
