/**
 * Entra's words for the parts of a Conditional Access policy, one list per kind. The checker,
 * the evaluator, the Intune importer, the generators and the CLI read them from here, so a
 * word Microsoft adds is added once.
 */

/** Graph `conditionalAccessClientApp`, without `all` (the absence of a client condition). */
export const CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
export type ClientAppType = (typeof CLIENT_APP_TYPES)[number];

/** Graph `conditionalAccessDevicePlatform`; `all` stands for every platform, known or not. */
export const DEVICE_PLATFORMS = ["all", "android", "iOS", "windows", "windowsPhone", "macOS", "linux"] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** Graph `riskLevel` as sign-in and user risk conditions use it. */
export const RISK_LEVELS = ["none", "low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * Graph `conditionalAccessTransferMethods` (a flags enum) without `none` and `unknownFutureValue`:
 * the authentication flows a policy can target. A sign-in's flow is the session's original transfer
 * method, or `none`.
 */
export const AUTHENTICATION_FLOWS = ["deviceCodeFlow", "authenticationTransfer"] as const;
export type AuthenticationFlow = (typeof AUTHENTICATION_FLOWS)[number];

/** Graph `conditionalAccessGuestOrExternalUserTypes`, without `none`. */
export const GUEST_TYPES = [
  "internalGuest",
  "b2bCollaborationGuest",
  "b2bCollaborationMember",
  "b2bDirectConnectUser",
  "otherExternalUser",
  "serviceProvider",
] as const;
export type GuestType = (typeof GUEST_TYPES)[number];

/** The grant controls a policy can require (Graph `builtInControls`, terms of use and authentication strength). */
export const GRANT_CONTROL_NAMES = [
  "mfa",
  "compliantDevice",
  "hybridJoinedDevice",
  "approvedApp",
  "appProtection",
  "passwordChange",
  "termsOfUse",
  "authenticationStrength",
] as const;
export type GrantControlName = (typeof GRANT_CONTROL_NAMES)[number];
