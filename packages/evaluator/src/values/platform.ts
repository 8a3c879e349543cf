import type { Platform } from "@tenet/parser";

/**
 * Maps a snapshot's `operatingSystem` (+ the `androidManagementMode` extension) onto the
 * platforms a policy can target. iPadOS counts as iOS; Android splits by management mode.
 * Matching is case-insensitive because exports differ in spelling.
 */
export type DevicePlatformMatch =
  { kind: "ok"; platforms: readonly Platform[] } | { kind: "missing" } | { kind: "unrecognized"; value: string };

// A Map, not an object literal: the mode comes from an untrusted snapshot (`__proto__`).
const ANDROID_BY_MODE: ReadonlyMap<string, Platform> = new Map<string, Platform>([
  ["workprofile", "androidWorkProfile"],
  ["fullymanaged", "androidDeviceOwner"],
  ["dedicated", "androidDeviceOwner"],
  ["corporateownedworkprofile", "androidDeviceOwner"],
  ["aosp", "androidAOSP"],
]);

/**
 * The platforms a device belongs to. An Android device matches `android` (any Android
 * device) and, when its management mode is known, the mode's specific platform.
 */
export function devicePlatforms(operatingSystem: unknown, androidManagementMode: unknown): DevicePlatformMatch {
  if (operatingSystem === undefined || operatingSystem === null) return { kind: "missing" };
  if (typeof operatingSystem !== "string") return { kind: "unrecognized", value: String(operatingSystem) };
  const os = operatingSystem.trim().toLowerCase();
  if (os === "windows" || os.startsWith("windows ")) return { kind: "ok", platforms: ["windows"] };
  if (os === "macos" || os === "mac os x" || os === "osx") return { kind: "ok", platforms: ["macOS"] };
  if (os === "ios" || os === "ipados") return { kind: "ok", platforms: ["iOS"] };
  if (os === "linux") return { kind: "ok", platforms: ["linux"] };
  if (os === "android" || os.startsWith("android")) {
    const mode =
      typeof androidManagementMode === "string" ? ANDROID_BY_MODE.get(androidManagementMode.toLowerCase()) : undefined;
    if (os === "androidforwork") return { kind: "ok", platforms: ["android", "androidWorkProfile"] };
    if (os === "androidenterprise" && mode === undefined) return { kind: "ok", platforms: ["android"] };
    return { kind: "ok", platforms: mode === undefined ? ["android"] : ["android", mode] };
  }
  return { kind: "unrecognized", value: operatingSystem };
}
