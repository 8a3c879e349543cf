/**
 * The mixed-fleet workload: one policy over every platform of a real fleet (Windows 44%,
 * macOS, iOS/iPadOS, Android, a few Linux hosts), where most checks apply to some platforms
 * only: rule `when` clauses on the platform, shared `let` definitions, `in` lists and the
 * per-platform version minimums in one `or` chain, over devices of which a share lack facts.
 * Its hand-written twin computes the same verdict and failed-rule list; the benchmark checks
 * that they agree on every device before it times them.
 */
import { deviceGenerator, type PlatformMix } from "./fleet.js";
import {
  and,
  atLeast,
  dateWithinDays,
  E,
  eq,
  F,
  handVerdict,
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
  versionAtLeast,
  withinDays,
  type D,
  type HandResult,
  type Truth,
} from "./hand-verdict.js";

/** Tenet source of the mixed-fleet policy (20 rules, 10 lets). */
export const MIXED_POLICY_TEXT = `# One policy for the whole fleet: rules apply by platform.
let windows = device.operatingSystem == "Windows"

let mac = device.operatingSystem == "macOS"

let apple-mobile = device.operatingSystem in ["iOS", "iPadOS"]

let android = device.operatingSystem == "Android"

let linux = device.operatingSystem == "Linux"

let mobile = apple-mobile or android

let corporate = device.managedDeviceOwnerType == "company"

let low-threat = device.deviceThreatLevel <= "low"

let health = device.deviceHealthAttestationState

let defender = device.windowsProtectionState

compliance mixed-fleet "Mixed fleet baseline" {
  controls iso27001 "A.8.1"

  rule os-current "OS is at its platform's minimum" {
    require (windows and device.osVersion >= "10.0.26100") or
        (mac and device.osVersion >= "15.0") or
        (apple-mobile and device.osVersion >= "18.0") or
        (android and device.osVersion >= "14") or
        (linux and device.osVersion >= "22.04")
    severity high
    remediation "Update the operating system: {device.osVersion} is below the platform's minimum"
  }

  rule encrypted "Storage is encrypted" {
    when not linux
    require device.isEncrypted == true
    severity critical
    remediation "Turn on FileVault, BitLocker or Android encryption"
  }

  rule bitlocker "BitLocker is on" {
    when windows
    require health.bitLockerStatus == "enabled"
    remediation "Turn on BitLocker for the system drive"
  }

  rule secure-boot "Secure Boot is on" {
    when windows
    require health.secureBoot == "enabled"
    remediation "Enable Secure Boot in the UEFI firmware settings"
  }

  rule code-integrity "Code integrity is not off" {
    when windows
    require health.codeIntegrity != "disabled"
    remediation "Boot without test signing or debug mode"
  }

  rule tpm "A TPM is present" {
    when windows
    require device.tpmSpecificationVersion is present
    remediation "Enable the TPM in firmware"
  }

  rule firewall "Firewall is on" {
    when windows or mac
    require device.firewallEnabled == true
    remediation "Turn on the firewall for every network profile"
  }

  rule antimalware "Defender is running" {
    when windows
    require defender.malwareProtectionEnabled == true and defender.realTimeProtectionEnabled == true
    remediation "Turn on Microsoft Defender Antivirus and real-time protection"
  }

  rule signatures "Signatures are current" {
    when windows
    require defender.signatureUpdateOverdue == false
    remediation "Update Defender security intelligence"
  }

  rule defender-version "Defender platform is current" {
    when windows
    require defender.antiMalwareVersion >= "4.18.25000"
    remediation "Update the Defender platform: {device.windowsProtectionState.antiMalwareVersion} is older than 4.18.25000"
  }

  rule threat-level "Threat level low or better" {
    when not linux
    require low-threat
    remediation "Resolve the active threats reported by Defender or Mobile Threat Defense"
  }

  rule passcode "A passcode of six or more" {
    when mac or mobile
    require device.passcodeSet == true and device.passcodeLength >= 6
    remediation "Set a passcode of at least six characters"
  }

  rule not-jailbroken "Not jailbroken or rooted" {
    when mobile
    require device.jailBroken == "False"
    remediation "Restore the device to factory firmware"
  }

  rule patch-level "Android patch level within 90 days" {
    when android
    require device.androidSecurityPatchLevel within 90d
    remediation "Install the latest Android security update"
  }

  rule management-mode "Android is managed" {
    when android
    require device.androidManagementMode in ["workProfile", "fullyManaged"]
    remediation "Enrol the device with a work profile or as fully managed"
  }

  rule supervised "Corporate iPhones and iPads are supervised" {
    when apple-mobile and corporate
    require device.isSupervised == true
    remediation "Re-enrol the device through Automated Device Enrollment"
  }

  rule distribution "Linux distribution is supported" {
    when linux
    require device.distribution in ["ubuntu", "rhel", "debian"]
    remediation "Reinstall with Ubuntu, RHEL or Debian"
  }

  rule joined "Windows is joined to Entra" {
    when windows
    require device.joinType in ["azureADJoined", "hybridAzureADJoined"]
    enforcement advisory
    remediation "Join the device to Entra ID"
  }

  rule ownership "Ownership is known" {
    require device.managedDeviceOwnerType in ["company", "personal"]
    remediation "Set the device ownership in Intune"
  }

  rule checked-in "Checked in within 30 days" {
    require device.lastSyncDateTime within 30d
    remediation "Open the Company Portal app and sync the device"
  }

  on noncompliant {
    after 0h notify
    after 72h mark noncompliant
  }
}
`;

/** The platform mix of the workload. */
export const MIXED_MIX: PlatformMix = { windows: 0.44, macOS: 0.14, iOS: 0.2, android: 0.18, linux: 0.04 };

/** `count` devices of the mixed fleet (the fleet generator's facts, missing and malformed tail included). */
export function mixedFleet(count: number, seed = 44): D[] {
  const next = deviceGenerator(seed, undefined, MIXED_MIX);
  const out: D[] = [];
  for (let i = 0; i < count; i++) {
    const d = next(i);
    // Devices found noncompliant earlier carry this policy's start of grace too.
    const since = obj(d["noncompliantSince"]);
    if (since !== undefined) since["mixed-fleet"] = since["windows-baseline"];
    out.push(d);
  }
  return out;
}

const APPLE_MOBILE = new Set(["iOS", "iPadOS"]);
const ANDROID_MODES = new Set(["workProfile", "fullyManaged"]);
const JOINED = new Set(["azureADJoined", "hybridAzureADJoined"]);
const OWNERS = new Set(["company", "personal"]);
const DISTROS = new Set(["ubuntu", "rhel", "debian"]);
const MINIMUM: ReadonlyMap<string, number[]> = new Map([
  ["Windows", [10, 0, 26100]],
  ["macOS", [15, 0]],
  ["iOS", [18, 0]],
  ["iPadOS", [18, 0]],
  ["Android", [14]],
  ["Linux", [22, 4]],
]);
const GRACE = { "mixed-fleet": 72 * 3_600_000 };
const ADVISORY = new Set(["mixed-fleet.joined"]);

/**
 * The mixed-fleet policy by hand, as a team would write it: the platform read once, a switch
 * on it for the version minimum, each platform's checks only on that platform, Kleene logic
 * where the platform or a fact is missing or malformed; then Intune's verdict.
 */
export function handWrittenMixed(d: D, now: number): HandResult {
  const os = d["operatingSystem"];
  const windows = eq(os, "Windows");
  const mac = eq(os, "macOS");
  const appleMobile = inSet(os, APPLE_MOBILE);
  const android = eq(os, "Android");
  const linux = eq(os, "Linux");
  const mobile = or(appleMobile, android);
  const run = new PolicyRun("mixed-fleet", false);
  run.rule("os-current", osCurrent(os, d["osVersion"]));
  const notLinux = not(linux);
  run.ruleIf("encrypted", notLinux, notLinux === T ? eq(d["isEncrypted"], true) : F);
  if (windows === T) {
    const health = obj(d["deviceHealthAttestationState"]);
    run.rule("bitlocker", eq(health?.["bitLockerStatus"], "enabled"));
    run.rule("secure-boot", eq(health?.["secureBoot"], "enabled"));
    run.rule("code-integrity", ne(health?.["codeIntegrity"], "disabled"));
    run.rule("tpm", present(d["tpmSpecificationVersion"]));
  } else {
    for (const name of ["bitlocker", "secure-boot", "code-integrity", "tpm"]) run.ruleIf(name, windows, F);
  }
  const firewall = or(windows, mac);
  run.ruleIf("firewall", firewall, firewall === T ? eq(d["firewallEnabled"], true) : F);
  if (windows === T) {
    const defender = obj(d["windowsProtectionState"]);
    run.rule(
      "antimalware",
      and(eq(defender?.["malwareProtectionEnabled"], true), eq(defender?.["realTimeProtectionEnabled"], true)),
    );
    run.rule("signatures", eq(defender?.["signatureUpdateOverdue"], false));
    run.rule("defender-version", versionAtLeast(defender?.["antiMalwareVersion"], [4, 18, 25000]));
  } else {
    for (const name of ["antimalware", "signatures", "defender-version"]) run.ruleIf(name, windows, F);
  }
  run.ruleIf("threat-level", notLinux, notLinux === T ? threatAtMostLow(d["deviceThreatLevel"]) : F);
  const passcode = or(mac, mobile);
  run.ruleIf(
    "passcode",
    passcode,
    passcode === T ? and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 6)) : F,
  );
  run.ruleIf("not-jailbroken", mobile, mobile === T ? eq(d["jailBroken"], "False") : F);
  run.ruleIf("patch-level", android, android === T ? dateWithinDays(d["androidSecurityPatchLevel"], now, 90) : F);
  run.ruleIf("management-mode", android, android === T ? inSet(d["androidManagementMode"], ANDROID_MODES) : F);
  const supervised = and(appleMobile, eq(d["managedDeviceOwnerType"], "company"));
  run.ruleIf("supervised", supervised, supervised === T ? eq(d["isSupervised"], true) : F);
  run.ruleIf("distribution", linux, linux === T ? inSet(d["distribution"], DISTROS) : F);
  run.ruleIf("joined", windows, windows === T ? inSet(d["joinType"], JOINED) : F, { advisory: true });
  run.rule("ownership", inSet(d["managedDeviceOwnerType"], OWNERS));
  run.rule("checked-in", withinDays(d["lastSyncDateTime"], now, 30));
  return handVerdict(d, now, [run], GRACE, ADVISORY);
}

/** The `or` chain of per-platform minimums: a switch when the platform is known, Kleene logic when not. */
function osCurrent(os: unknown, version: unknown): Truth {
  if (typeof os === "string") {
    const min = MINIMUM.get(os);
    return min === undefined ? F : versionAtLeast(version, min);
  }
  // Missing (U) or malformed (E) platform: each `platform and version` term is F where the version fails.
  const p: Truth = nil(os) ? 2 : E;
  let out: Truth = F;
  for (const min of MINIMUM.values()) out = or(out, and(p, versionAtLeast(version, min)));
  return out;
}
