// The OData queries of each collection: what is selected and expanded, and why.

/**
 * managedDevice properties of Graph v1.0 that the list returns. `deviceHealthAttestationState`
 * is selected too, but the list leaves it null: Windows devices get it from a per-device GET.
 */
export const DEVICE_SELECT = [
  "id",
  "userId",
  "deviceName",
  "managedDeviceOwnerType",
  "enrolledDateTime",
  "lastSyncDateTime",
  "operatingSystem",
  "complianceState",
  "jailBroken",
  "managementAgent",
  "osVersion",
  "easActivated",
  "easDeviceId",
  "easActivationDateTime",
  "azureADRegistered",
  "deviceEnrollmentType",
  "emailAddress",
  "azureADDeviceId",
  "deviceRegistrationState",
  "deviceCategoryDisplayName",
  "isSupervised",
  "exchangeLastSuccessfulSyncDateTime",
  "exchangeAccessState",
  "exchangeAccessStateReason",
  "isEncrypted",
  "userPrincipalName",
  "model",
  "manufacturer",
  "imei",
  "complianceGracePeriodExpirationDateTime",
  "serialNumber",
  "phoneNumber",
  "androidSecurityPatchLevel",
  "userDisplayName",
  "wiFiMacAddress",
  "deviceHealthAttestationState",
  "subscriberCarrier",
  "meid",
  "totalStorageSpaceInBytes",
  "freeStorageSpaceInBytes",
  "managedDeviceName",
  "partnerReportedThreatState",
  "requireUserEnrollmentApproval",
  "managementCertificateExpirationDate",
  "iccid",
  "udid",
  "notes",
  "ethernetMacAddress",
  "physicalMemoryInBytes",
  "enrollmentProfileName",
].join(",");

/** The relative URL of the first page of each list collection. */
export const FIRST_PAGE: Record<string, string> = {
  "tenant-settings": "/deviceManagement?$select=id,settings",
  "compliance-policies":
    "/deviceManagement/deviceCompliancePolicies?$expand=assignments,scheduledActionsForRule($expand=scheduledActionConfigurations)",
  "assignment-filters": "/deviceManagement/assignmentFilters",
  "conditional-access-policies": "/identity/conditionalAccess/policies",
  "named-locations": "/identity/conditionalAccess/namedLocations",
  "authentication-strengths": "/policies/authenticationStrengthPolicies",
  "directory-roles": "/directoryRoles?$select=id,displayName,roleTemplateId,description",
  devices: `/deviceManagement/managedDevices?$select=${DEVICE_SELECT}`,
};

/** Group properties kept with each referenced group. */
export const GROUP_SELECT =
  "id,displayName,description,groupTypes,securityEnabled,mailEnabled,membershipRule,membershipRuleProcessingState";

/** Members are kept as type and id (and the Entra device id for devices, which matches managedDevice.azureADDeviceId). */
export const MEMBER_SELECT = "id,deviceId";

export function signinsFirstPage(since: string): string {
  return `/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${since}`)}`;
}
