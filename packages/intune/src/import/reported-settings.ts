import type { SettingMapping } from "./settings.js";

/**
 * Settings Intune evaluates on the device and Tenet cannot recompute from the facts of a
 * managed device (password type and complexity, inactivity lock, Play Integrity, Company
 * Portal integrity, antivirus, Gatekeeper, SIP, firewall sub-settings, custom compliance
 * scripts...). Each becomes a rule on the state Intune reported for it,
 * `device.reported.<property>.compliant == true`: compliant, remediated or not applicable
 * pass, non-compliant fails, and a setting with no report (or reported as error or
 * conflict) is a missing fact, so the rule is `error`, never `pass`.
 *
 * The rule's condition does not hold the Graph value (Intune, not Tenet, compared it on the
 * device), so the value is kept in the rule's `description`, `Intune setting: <property> =
 * <JSON value>`, which `export intune` reads back.
 */
const PASSWORD_WIN_MAC = [
  "passwordBlockSimple",
  "passwordRequiredToUnlockFromIdle",
  "passwordMinutesOfInactivityBeforeLock",
  "passwordExpirationDays",
  "passwordMinimumCharacterSetCount",
  "passwordRequiredType",
  "passwordPreviousPasswordBlockCount",
];
const THREAT = ["advancedThreatProtectionRequiredSecurityLevel"];
const SAFETYNET = [
  "securityRequireSafetyNetAttestationBasicIntegrity",
  "securityRequireSafetyNetAttestationCertifiedDevice",
  "securityRequiredAndroidSafetyNetEvaluationType",
];

/** Per Graph policy type, the settings carried over as reported-state rules. */
export const REPORTED_PROPERTIES: Record<string, readonly string[]> = {
  windows10CompliancePolicy: [
    ...PASSWORD_WIN_MAC,
    "requireHealthyDeviceReport",
    "earlyLaunchAntiMalwareDriverEnabled",
    "memoryIntegrityEnabled",
    "kernelDmaProtectionEnabled",
    "virtualizationBasedSecurityEnabled",
    "firmwareProtectionEnabled",
    "antivirusRequired",
    "antiSpywareRequired",
    "configurationManagerComplianceRequired",
    "deviceCompliancePolicyScript",
    "customComplianceRequired",
    "wslDistributions",
    "mobileOsMinimumVersion",
    "mobileOsMaximumVersion",
  ],
  macOSCompliancePolicy: [
    ...PASSWORD_WIN_MAC.filter((p) => p !== "passwordRequiredToUnlockFromIdle"),
    ...THREAT,
    "osMinimumBuildVersion",
    "osMaximumBuildVersion",
    "systemIntegrityProtectionEnabled",
    "gatekeeperAllowedAppSource",
    "firewallBlockAllIncoming",
    "firewallEnableStealthMode",
    "deviceCompliancePolicyScript",
  ],
  iosCompliancePolicy: [
    "passcodeBlockSimple",
    "passcodeExpirationDays",
    "passcodeMinutesOfInactivityBeforeLock",
    "passcodeMinutesOfInactivityBeforeScreenTimeout",
    "passcodePreviousPasscodeBlockCount",
    "passcodeMinimumCharacterSetCount",
    "passcodeRequiredType",
    ...THREAT,
    "osMinimumBuildVersion",
    "osMaximumBuildVersion",
    "managedEmailProfileRequired",
    "restrictedApps",
  ],
  androidWorkProfileCompliancePolicy: [
    "passwordRequiredType",
    "passwordMinutesOfInactivityBeforeLock",
    "passwordExpirationDays",
    "passwordPreviousPasswordBlockCount",
    "passwordSignInFailureCountBeforeFactoryReset",
    "requiredPasswordComplexity",
    ...THREAT,
    ...SAFETYNET,
    "securityPreventInstallAppsFromUnknownSources",
    "securityDisableUsbDebugging",
    "securityRequireVerifyApps",
    "securityRequireGooglePlayServices",
    "securityRequireUpToDateSecurityProviders",
    "securityRequireCompanyPortalAppIntegrity",
    "workProfilePasswordRequired",
    "workProfileRequiredPasswordComplexity",
    "workProfilePasswordRequiredType",
    "workProfilePasswordMinimumLength",
    "workProfileInactiveBeforeScreenLockInMinutes",
    "workProfilePasswordExpirationInDays",
    "workProfilePreviousPasswordBlockCount",
  ],
  androidDeviceOwnerCompliancePolicy: [
    "passwordRequiredType",
    "passwordMinutesOfInactivityBeforeLock",
    "passwordExpirationDays",
    "passwordPreviousPasswordCountToBlock",
    "passwordMinimumLetterCharacters",
    "passwordMinimumLowerCaseCharacters",
    "passwordMinimumNonLetterCharacters",
    "passwordMinimumNumericCharacters",
    "passwordMinimumSymbolCharacters",
    "passwordMinimumUpperCaseCharacters",
    ...THREAT,
    ...SAFETYNET,
    "securityRequireIntuneAppIntegrity",
    "requireNoPendingSystemUpdates",
  ],
  aospDeviceOwnerCompliancePolicy: ["passwordRequiredType", "passwordMinutesOfInactivityBeforeLock"],
};

/** Values that are Intune's default for a qualifier setting: not a setting of their own. */
const UNSET: Record<string, unknown> = { securityRequiredAndroidSafetyNetEvaluationType: "basic" };

const PREFIX = "Intune setting: ";
const TITLE_WORDS = /([a-z0-9])([A-Z])/g;

/** The description that keeps a reported-state rule's Graph value. */
export function reportedDescription(property: string, value: unknown): string {
  return `${PREFIX}${property} = ${JSON.stringify(value)}`;
}

/** The Graph property and value kept by `reportedDescription`, or undefined. */
export function parseReportedDescription(text: string | undefined): { property: string; value: unknown } | undefined {
  if (text === undefined || !text.startsWith(PREFIX)) return undefined;
  const m = /^([A-Za-z0-9]+) = (.*)$/s.exec(text.slice(PREFIX.length));
  if (m === null) return undefined;
  try {
    return { property: m[1]!, value: JSON.parse(m[2]!) as unknown };
  } catch {
    return undefined;
  }
}

/** The condition of a reported-state rule. */
export function reportedCondition(property: string): string {
  return `device.reported.${property}.compliant == true`;
}

function reported(property: string): SettingMapping {
  const condition = reportedCondition(property);
  const words = property.replace(TITLE_WORDS, "$1 $2").toLowerCase();
  return {
    property,
    title: `Intune reports ${words} as compliant`,
    severity: "medium",
    remediation: `Meet the Intune setting ${property} (Intune reports the device does not)`,
    reported: true,
    ...(property in UNSET ? { unset: UNSET[property] } : {}),
    condition: () => condition,
    parse: (t) => (t === condition ? true : undefined),
  };
}

/** The reported-state mappings of one policy type. */
export function reportedSettings(type: string): SettingMapping[] {
  return (REPORTED_PROPERTIES[type] ?? []).map(reported);
}
