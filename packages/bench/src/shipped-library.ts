/**
 * The shipped compliance library (policies/compliance: seven policies, 43 rules, one policy
 * `when`, platform targets down to the Android management mode) over the example fleet
 * (examples/fleet/fleet-2000.ndjson), and its hand-written twin: the same verdict and
 * failed-rule list, checked on every device before timing.
 */
import { readdirSync, readFileSync } from "node:fs";
import {
  and,
  atLeast,
  dateWithinDays,
  E,
  eq,
  F,
  handVerdict,
  inSet,
  nil,
  obj,
  openRun,
  or,
  present,
  T,
  threatAtMostLow,
  U,
  versionAtLeast,
  withinDays,
  type D,
  type HandResult,
  type PolicyRun,
  type Truth,
} from "./hand-verdict.js";

const root = new URL("../../../", import.meta.url);

/** The library's policy files, in name order (the order the twin lists its policies in). */
export function shippedLibrarySources(): { path: string; text: string }[] {
  const dir = new URL("policies/compliance/", root);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tenet"))
    .sort()
    .map((f) => ({ path: `policies/compliance/${f}`, text: readFileSync(new URL(f, dir), "utf8") }));
}

/** The example fleet: 2,000 devices of every platform. */
export function exampleFleet(): D[] {
  return readFileSync(new URL("examples/fleet/fleet-2000.ndjson", root), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as D);
}

const HOUR = 3_600_000;
const GRACE: Record<string, number> = {
  "android-fully-managed-baseline": 24 * HOUR,
  "android-work-profile-baseline": 72 * HOUR,
  "ios-baseline": 24 * HOUR,
  "linux-baseline": 72 * HOUR,
  "macos-baseline": 72 * HOUR,
  "windows-privileged": 0,
  "windows-baseline": 72 * HOUR,
};
const NO_ADVISORY: ReadonlySet<string> = new Set();
const DISTROS = new Set(["ubuntu", "rhel"]);
const OWNER_MODES = new Set(["fullyManaged", "dedicated", "corporateOwnedWorkProfile"]);

type Platform = "windows" | "macOS" | "iOS" | "linux" | "android" | "androidWorkProfile" | "androidDeviceOwner";

/** The device's platform as the policies target it (the spellings the example fleet uses), or why there is none. */
function platformOf(os: unknown, mode: unknown): Platform | "missing" | "unrecognized" | "other" {
  if (nil(os)) return "missing";
  switch (os) {
    case "Windows":
      return "windows";
    case "macOS":
      return "macOS";
    case "iOS":
    case "iPadOS":
      return "iOS";
    case "Linux":
      return "linux";
    case "Android":
      return mode === "workProfile"
        ? "androidWorkProfile"
        : typeof mode === "string" && OWNER_MODES.has(mode)
          ? "androidDeviceOwner"
          : "android";
    default:
      return "unrecognized";
  }
}

/** `a startsWith b` over a fact. */
const startsWith = (v: unknown, prefix: string): Truth =>
  nil(v) ? U : typeof v !== "string" ? E : v.startsWith(prefix) ? T : F;

/** Evaluates one device against the shipped library by hand, with Intune semantics. */
export function handWrittenLibrary(d: D, now: number): HandResult {
  const platform = platformOf(d["operatingSystem"], d["androidManagementMode"]);
  const unknownPlatform = platform === "missing" || platform === "unrecognized";
  const on = (target: Platform): Truth => (unknownPlatform ? E : platform === target ? T : F);
  const runs: PolicyRun[] = [];
  const version = d["osVersion"];

  const afm = openRun(runs, "android-fully-managed-baseline", on("androidDeviceOwner"), [
    "os-supported",
    "patch-recent",
    "encrypted",
    "not-rooted",
    "passcode",
  ]);
  if (afm !== undefined) {
    afm.rule("os-supported", versionAtLeast(version, [14]));
    afm.rule("patch-recent", dateWithinDays(d["androidSecurityPatchLevel"], now, 60));
    afm.rule("encrypted", eq(d["isEncrypted"], true));
    afm.rule("not-rooted", eq(d["jailBroken"], "False"));
    const mode = d["androidManagementMode"];
    const locks = nil(mode) ? U : typeof mode !== "string" ? E : mode !== "dedicated" ? T : F;
    afm.ruleIf("passcode", locks, locks === T ? eq(d["passcodeSet"], true) : F);
  }

  const awp = openRun(runs, "android-work-profile-baseline", on("androidWorkProfile"), [
    "os-supported",
    "patch-recent",
    "not-rooted",
    "passcode",
    "threat-level",
  ]);
  if (awp !== undefined) {
    awp.rule("os-supported", versionAtLeast(version, [14]));
    awp.rule("patch-recent", dateWithinDays(d["androidSecurityPatchLevel"], now, 90));
    awp.rule("not-rooted", eq(d["jailBroken"], "False"));
    awp.rule("passcode", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 6)));
    awp.rule("threat-level", threatAtMostLow(d["deviceThreatLevel"]));
  }

  const ios = openRun(runs, "ios-baseline", on("iOS"), ["os-supported", "not-jailbroken", "passcode", "threat-level"]);
  if (ios !== undefined) {
    ios.rule("os-supported", versionAtLeast(version, [18, 0]));
    ios.rule("not-jailbroken", eq(d["jailBroken"], "False"));
    ios.rule("passcode", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 6)));
    ios.rule("threat-level", threatAtMostLow(d["deviceThreatLevel"]));
  }

  const linux = openRun(runs, "linux-baseline", on("linux"), [
    "distribution",
    "release-supported",
    "encrypted",
    "password",
  ]);
  if (linux !== undefined) {
    const distribution = d["distribution"];
    linux.rule("distribution", inSet(distribution, DISTROS));
    linux.rule(
      "release-supported",
      or(
        and(eq(distribution, "ubuntu"), versionAtLeast(version, [22, 4])),
        and(eq(distribution, "rhel"), versionAtLeast(version, [8, 10])),
      ),
    );
    linux.rule("encrypted", eq(d["isEncrypted"], true));
    linux.rule("password", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 12)));
  }

  const mac = openRun(runs, "macos-baseline", on("macOS"), ["os-supported", "filevault", "firewall", "password"]);
  if (mac !== undefined) {
    mac.rule("os-supported", versionAtLeast(version, [15, 0]));
    mac.rule("filevault", eq(d["isEncrypted"], true));
    mac.rule("firewall", eq(d["firewallEnabled"], true));
    mac.rule("password", and(eq(d["passcodeSet"], true), atLeast(d["passcodeLength"], 8)));
  }

  const onWindows = on("windows");
  const health = obj(d["deviceHealthAttestationState"]);
  const defender = obj(d["windowsProtectionState"]);
  const category = d["deviceCategoryDisplayName"];
  const paw = onWindows === T ? and(present(category), eq(category, "PAW")) : onWindows;
  const privileged = openRun(runs, "windows-privileged", paw, [
    "os-current",
    "bitlocker",
    "secure-boot",
    "code-integrity",
    "tpm-2",
    "firewall",
    "antimalware",
    "signatures-current",
    "threat-level",
    "company-owned",
    "entra-joined",
    "checked-in",
  ]);
  if (privileged !== undefined) {
    const tpm = d["tpmSpecificationVersion"];
    privileged.rule("os-current", versionAtLeast(version, [10, 0, 26200]));
    privileged.rule("bitlocker", and(eq(health?.["bitLockerStatus"], "enabled"), eq(d["isEncrypted"], true)));
    privileged.rule("secure-boot", eq(health?.["secureBoot"], "enabled"));
    privileged.rule("code-integrity", eq(health?.["codeIntegrity"], "enabled"));
    privileged.rule("tpm-2", and(present(tpm), startsWith(tpm, "2.")));
    privileged.rule("firewall", eq(d["firewallEnabled"], true));
    privileged.rule(
      "antimalware",
      and(eq(defender?.["malwareProtectionEnabled"], true), eq(defender?.["realTimeProtectionEnabled"], true)),
    );
    privileged.rule("signatures-current", eq(defender?.["signatureUpdateOverdue"], false));
    privileged.rule("threat-level", eq(d["deviceThreatLevel"], "secured"));
    privileged.rule("company-owned", eq(d["managedDeviceOwnerType"], "company"));
    privileged.rule("entra-joined", eq(d["joinType"], "azureADJoined"));
    privileged.rule("checked-in", withinDays(d["lastSyncDateTime"], now, 7));
  }

  const windows = openRun(runs, "windows-baseline", onWindows, [
    "os-supported",
    "bitlocker",
    "secure-boot",
    "code-integrity",
    "tpm",
    "firewall",
    "antimalware",
    "signatures-current",
    "threat-level",
  ]);
  if (windows !== undefined) {
    windows.rule("os-supported", versionAtLeast(version, [10, 0, 26100]));
    windows.rule("bitlocker", eq(health?.["bitLockerStatus"], "enabled"));
    windows.rule("secure-boot", eq(health?.["secureBoot"], "enabled"));
    windows.rule("code-integrity", eq(health?.["codeIntegrity"], "enabled"));
    windows.rule("tpm", present(d["tpmSpecificationVersion"]));
    windows.rule("firewall", eq(d["firewallEnabled"], true));
    windows.rule(
      "antimalware",
      and(eq(defender?.["malwareProtectionEnabled"], true), eq(defender?.["realTimeProtectionEnabled"], true)),
    );
    windows.rule("signatures-current", eq(defender?.["signatureUpdateOverdue"], false));
    windows.rule("threat-level", threatAtMostLow(d["deviceThreatLevel"]));
  }
  return handVerdict(d, now, runs, GRACE, NO_ADVISORY);
}
