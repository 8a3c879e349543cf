import type { Platform } from "./checked.js";
import type { IntuneFilterOperator } from "./intune-filter-operator.js";

export type { IntuneFilterOperator };

const STRING: readonly IntuneFilterOperator[] = ["eq", "ne", "in", "notIn", "startsWith", "contains", "notContains"];
const CHOICE: readonly IntuneFilterOperator[] = ["eq", "ne", "in", "notIn"];
const EQUALITY: readonly IntuneFilterOperator[] = ["eq", "ne"];
const VERSION: readonly IntuneFilterOperator[] = ["eq", "ne", "gt", "ge", "lt", "le"];

const ANDROID_ENTERPRISE: readonly Platform[] = ["androidWorkProfile", "androidDeviceOwner"];
const EVERY: readonly Platform[] = ["android", ...ANDROID_ENTERPRISE, "androidAOSP", "iOS", "macOS", "windows"];

/**
 * The managed-device properties Intune assignment filters read, the operators each takes and
 * the platforms it applies to, from "App and device properties, operators, and rule editing
 * when creating filters" (Intune's filter reference; see docs/semantics.md).
 */
export const INTUNE_FILTER_PROPERTIES: Readonly<
  Record<string, { operators: readonly IntuneFilterOperator[]; platforms: readonly Platform[] }>
> = {
  cpuArchitecture: { operators: CHOICE, platforms: ["macOS", "windows"] },
  deviceCategory: { operators: STRING, platforms: EVERY },
  deviceName: { operators: STRING, platforms: EVERY },
  deviceOwnership: { operators: EQUALITY, platforms: EVERY },
  deviceTrustType: { operators: CHOICE, platforms: ["windows"] },
  enrollmentProfileName: { operators: STRING, platforms: [...ANDROID_ENTERPRISE, "androidAOSP", "iOS", "windows"] },
  isRooted: { operators: EQUALITY, platforms: ["android", "androidWorkProfile", "androidAOSP", "iOS"] },
  manufacturer: { operators: STRING, platforms: EVERY },
  model: { operators: STRING, platforms: EVERY },
  operatingSystemVersion: { operators: VERSION, platforms: EVERY },
  osVersion: { operators: STRING, platforms: EVERY },
  operatingSystemSKU: { operators: STRING, platforms: ["windows"] },
};

/** Platforms that take assignment filters (Intune has none for Linux compliance). */
export const FILTER_PLATFORMS: readonly Platform[] = EVERY;
