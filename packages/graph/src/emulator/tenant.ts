// A generated tenant in Graph's shapes: devices, their policy states, groups, roles, policies.
// Devices and members are computed from their index, so a tenant of 100,000 devices costs no memory.

import { guid } from "./ids.js";

type GraphObject = Record<string, unknown>;

export interface TenantOptions {
  /** Number of managed devices (default 20). */
  devices?: number;
  /** The instant devices last synced around; stale devices are 45 days older (default 2026-11-25T08:00:00Z). */
  now?: string;
  /** Tenant compliance settings served by GET /deviceManagement. */
  secureByDefault?: boolean;
  checkinThresholdDays?: number;
  /** Operating systems the devices cycle through (default Windows, Windows, iOS, Android, macOS). */
  platforms?: Platform[];
  /** Sign-ins, one per device for the first this many devices (default 0). */
  signins?: number;
}

export type Platform = "Windows" | "iOS" | "Android" | "macOS";
const PLATFORMS: readonly Platform[] = ["Windows", "Windows", "iOS", "Android", "macOS"];
const KIND = {
  device: 0x10,
  aad: 0x11,
  user: 0x20,
  group: 0x30,
  policy: 0x40,
  filter: 0x41,
  ca: 0x50,
  location: 0x51,
  role: 0x60,
  signin: 0x70,
};

/** The tenant an emulator serves; every list is addressable by index. */
export class GeneratedTenant {
  readonly deviceCount: number;
  readonly now: number;
  readonly settings: GraphObject;
  readonly signinCount: number;
  private readonly platforms: readonly Platform[];

  constructor(options: TenantOptions = {}) {
    this.deviceCount = options.devices ?? 20;
    this.now = Date.parse(options.now ?? "2026-11-25T08:00:00Z");
    this.platforms = options.platforms ?? PLATFORMS;
    this.signinCount = Math.min(options.signins ?? 0, this.deviceCount);
    this.settings = {
      deviceComplianceCheckinThresholdDays: options.checkinThresholdDays ?? 30,
      isScheduledActionEnabled: true,
      secureByDefault: options.secureByDefault ?? true,
      enhancedJailBreak: false,
    };
  }

  platformOf(index: number): Platform {
    return this.platforms[index % this.platforms.length]!;
  }

  /** The managed device as the list returns it: the per-device facts below are null or absent. */
  device(index: number): GraphObject {
    const os = this.platformOf(index);
    const windows = os === "Windows";
    const mobile = os === "iOS" || os === "Android";
    const stale = index % 17 === 5;
    const synced = new Date(this.now - (stale ? 45 * 86_400_000 : (index % 7) * 3_600_000))
      .toISOString()
      .replace(".000Z", "Z");
    const user = index % 50;
    return {
      id: guid(KIND.device, index),
      userId: guid(KIND.user, user),
      deviceName: `${os.toUpperCase().slice(0, 3)}-${String(index).padStart(6, "0")}`,
      managedDeviceOwnerType: index % 9 === 0 ? "personal" : "company",
      enrolledDateTime: "2025-03-01T09:00:00Z",
      lastSyncDateTime: synced,
      operatingSystem: os,
      complianceState: index % 13 === 3 ? "noncompliant" : "compliant",
      jailBroken: mobile ? "False" : "Unknown",
      managementAgent: "mdm",
      osVersion: windows
        ? index % 11 === 0
          ? "10.0.19045.5011"
          : "10.0.26100.7171"
        : os === "iOS"
          ? "18.1.1"
          : os === "Android"
            ? "14"
            : "15.1.0",
      easActivated: false,
      easDeviceId: "",
      easActivationDateTime: "0001-01-01T00:00:00Z",
      azureADRegistered: true,
      deviceEnrollmentType: windows ? "windowsAzureADJoin" : os === "iOS" ? "appleUserEnrollment" : "userEnrollment",
      emailAddress: `user${user}@contoso.com`,
      azureADDeviceId: guid(KIND.aad, index),
      deviceRegistrationState: "registered",
      deviceCategoryDisplayName: "Unknown Category",
      isSupervised: false,
      exchangeLastSuccessfulSyncDateTime: "0001-01-01T00:00:00Z",
      exchangeAccessState: "none",
      exchangeAccessStateReason: "none",
      isEncrypted: index % 13 !== 3,
      userPrincipalName: `user${user}@contoso.com`,
      model: windows
        ? "Surface Laptop 6"
        : os === "iOS"
          ? "iPhone 15"
          : os === "Android"
            ? "Pixel 8"
            : "MacBookPro18,3",
      manufacturer: windows ? "Microsoft Corporation" : os === "Android" ? "Google" : "Apple",
      imei: mobile ? `35${String(index).padStart(13, "0")}` : "",
      complianceGracePeriodExpirationDateTime: "9999-12-31T23:59:59Z",
      serialNumber: `SN${String(index).padStart(8, "0")}`,
      phoneNumber: mobile ? "" : null,
      // Only Android reports a patch level; Graph sends null on iOS and "" elsewhere.
      androidSecurityPatchLevel: os === "Android" ? "2026-10-01" : os === "iOS" ? null : "",
      userDisplayName: `User ${user}`,
      wiFiMacAddress: "",
      deviceHealthAttestationState: null,
      subscriberCarrier: "",
      meid: "",
      totalStorageSpaceInBytes: 256_000_000_000,
      freeStorageSpaceInBytes: 100_000_000_000,
      managedDeviceName: `user${user}_${os}_${index}`,
      partnerReportedThreatState: "unknown",
      requireUserEnrollmentApproval: null,
      managementCertificateExpirationDate: "2027-03-01T09:00:00Z",
      iccid: null,
      udid: null,
      notes: null,
      ethernetMacAddress: null,
      physicalMemoryInBytes: 0,
      enrollmentProfileName: null,
    };
  }

  /** deviceHealthAttestationState as a single-device GET returns it (Windows only). */
  healthAttestation(index: number): GraphObject | null {
    if (this.platformOf(index) !== "Windows") return null;
    const off = index % 19 === 7;
    return {
      lastUpdateDateTime: new Date(this.now - 86_400_000).toISOString(),
      contentNamespaceUrl: "https://has.spserv.microsoft.com",
      deviceHealthAttestationStatus: "Completed",
      contentVersion: "7",
      issuedDateTime: new Date(this.now - 86_400_000).toISOString(),
      attestationIdentityKey: "",
      resetCount: 2,
      restartCount: 40,
      dataExcutionPolicy: "enabled",
      bitLockerStatus: off ? "disabled" : "enabled",
      bootManagerVersion: "10.0.26100.1",
      codeIntegrityCheckVersion: "10.0.26100.1",
      secureBoot: "enabled",
      bootDebugging: "disabled",
      operatingSystemKernelDebugging: "disabled",
      codeIntegrity: "enabled",
      testSigning: "disabled",
      safeMode: "disabled",
      windowsPE: "disabled",
      earlyLaunchAntiMalwareDriverProtection: "enabled",
      virtualSecureMode: "enabled",
      pcrHashAlgorithm: "SHA256",
      bootAppSecurityVersion: "1",
      bootManagerSecurityVersion: "1",
      tpmVersion: "2.0",
      pcr0: "",
      secureBootConfigurationPolicyFingerPrint: "",
      codeIntegrityPolicy: "",
      bootRevisionListInfo: "",
      operatingSystemRevListInfo: "",
      healthStatusMismatchInfo: "",
      healthAttestationSupportedStatus: "",
    };
  }

  /** windowsProtectionState (Defender) of a Windows device; every 23rd has stale signatures. */
  protectionState(index: number): GraphObject | undefined {
    if (this.platformOf(index) !== "Windows") return undefined;
    const day = (days: number) => new Date(this.now - days * 86_400_000).toISOString().replace(".000Z", "Z");
    return {
      id: guid(KIND.device, index),
      malwareProtectionEnabled: true,
      deviceState: "clean",
      realTimeProtectionEnabled: true,
      networkInspectionSystemEnabled: true,
      quickScanOverdue: false,
      fullScanOverdue: false,
      signatureUpdateOverdue: index % 23 === 11,
      rebootRequired: false,
      fullScanRequired: false,
      engineVersion: "1.1.25100.9",
      signatureVersion: "1.421.112.0",
      antiMalwareVersion: "4.18.25100.9",
      lastQuickScanDateTime: day(1),
      lastFullScanDateTime: null,
      lastQuickScanSignatureVersion: "1.421.112.0",
      lastFullScanSignatureVersion: null,
      lastReportedDateTime: day(0),
      productStatus: "noStatus",
      isVirtualMachine: false,
      tamperProtectionEnabled: true,
    };
  }

  /** The device's deviceCompliancePolicyStates, one per policy of its platform, each with settingStates. */
  policyStates(index: number): GraphObject[] {
    const os = this.platformOf(index);
    return this.compliancePolicies()
      .filter((p) => (p as { "@odata.type": string })["@odata.type"] === POLICY_TYPE[os])
      .map((policy) => {
        const failing = index % 13 === 3;
        return {
          id: `${String(policy.id)}_${guid(KIND.device, index)}`,
          settingStates: [
            {
              setting: `${POLICY_TYPE[os]!.slice(17)}.storageRequireEncryption`,
              settingName: "storageRequireEncryption",
              instanceDisplayName: null,
              state: failing ? "nonCompliant" : "compliant",
              errorCode: 0,
              errorDescription: null,
              userId: guid(KIND.user, index % 50),
              userName: `User ${index % 50}`,
              userEmail: `user${index % 50}@contoso.com`,
              userPrincipalName: `user${index % 50}@contoso.com`,
              sources: [{ id: policy.id, displayName: policy.displayName, sourceType: "deviceConfiguration" }],
              currentValue: failing ? "false" : "true",
            },
            {
              setting: `${POLICY_TYPE[os]!.slice(17)}.passwordRequired`,
              settingName: "passwordRequired",
              instanceDisplayName: null,
              state: "compliant",
              errorCode: 0,
              errorDescription: null,
              userId: guid(KIND.user, index % 50),
              userName: `User ${index % 50}`,
              userEmail: `user${index % 50}@contoso.com`,
              userPrincipalName: `user${index % 50}@contoso.com`,
              sources: [{ id: policy.id, displayName: policy.displayName, sourceType: "deviceConfiguration" }],
              currentValue: null,
            },
          ],
          displayName: policy.displayName,
          version: 3,
          platformType: PLATFORM_TYPE[os],
          state: failing ? "nonCompliant" : "compliant",
          settingCount: 2,
        };
      });
  }

  groupIds(): { windowsDevices: string; allUsers: string; admins: string; breakGlass: string } {
    return {
      windowsDevices: guid(KIND.group, 1),
      allUsers: guid(KIND.group, 2),
      admins: guid(KIND.group, 3),
      breakGlass: guid(KIND.group, 4),
    };
  }

  group(id: string): GraphObject | undefined {
    const g = this.groupIds();
    const names: Record<string, string> = {
      [g.windowsDevices]: "All Windows devices",
      [g.allUsers]: "All employees",
      [g.admins]: "Tier 0 admins",
      [g.breakGlass]: "Break-glass accounts",
    };
    if (names[id] === undefined) return undefined;
    return {
      id,
      displayName: names[id],
      description: null,
      groupTypes: id === g.windowsDevices ? ["DynamicMembership"] : [],
      securityEnabled: true,
      mailEnabled: false,
      membershipRule: id === g.windowsDevices ? '(device.deviceOSType -eq "Windows")' : null,
      membershipRuleProcessingState: id === g.windowsDevices ? "On" : null,
    };
  }

  /** Count and i-th transitive member of a group (devices carry their Entra deviceId). */
  members(id: string): { count: number; at: (i: number) => GraphObject } {
    const g = this.groupIds();
    const user = (i: number) => ({ "@odata.type": "#microsoft.graph.user", id: guid(KIND.user, i) });
    if (id === g.windowsDevices) {
      const windows: number[] = [];
      for (let i = 0; i < this.platforms.length; i++) if (this.platforms[i] === "Windows") windows.push(i);
      const cycle = this.platforms.length;
      const n = this.deviceCount;
      const count = Math.floor(n / cycle) * windows.length + windows.filter((w) => w < n % cycle).length;
      // The i-th Windows device: whole cycles, then the Windows slot within the cycle.
      const index = (i: number) => Math.floor(i / windows.length) * cycle + windows[i % windows.length]!;
      return {
        count,
        at: (i) => ({
          "@odata.type": "#microsoft.graph.device",
          id: guid(KIND.device + 0x100, index(i)),
          deviceId: guid(KIND.aad, index(i)),
        }),
      };
    }
    if (id === g.allUsers) return { count: 50, at: user };
    if (id === g.admins)
      return {
        count: 3,
        at: (i) => (i === 2 ? { "@odata.type": "#microsoft.graph.group", id: g.breakGlass } : user(i)),
      };
    if (id === g.breakGlass) return { count: 1, at: () => user(49) };
    return { count: 0, at: user };
  }

  directoryRoles(): GraphObject[] {
    return [
      {
        id: guid(KIND.role, 1),
        deletedDateTime: null,
        description:
          "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
        displayName: "Global Administrator",
        roleTemplateId: "62e90394-69f5-4237-9190-012177145e10",
      },
      {
        id: guid(KIND.role, 2),
        deletedDateTime: null,
        description:
          "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.",
        displayName: "Security Administrator",
        roleTemplateId: "194ae4cb-b126-40b2-bd5b-6091b380977d",
      },
    ];
  }

  roleMembers(id: string): GraphObject[] {
    if (id === guid(KIND.role, 1))
      return [0, 1].map((i) => ({ "@odata.type": "#microsoft.graph.user", id: guid(KIND.user, i) }));
    if (id === guid(KIND.role, 2)) return [{ "@odata.type": "#microsoft.graph.user", id: guid(KIND.user, 2) }];
    return [];
  }

  compliancePolicies(): GraphObject[] {
    const policyContext = (i: number) =>
      `https://graph.microsoft.com/v1.0/$metadata#deviceManagement/deviceCompliancePolicies('${guid(KIND.policy, i)}')`;
    const g = this.groupIds();
    const base = (
      i: number,
      os: keyof typeof POLICY_TYPE,
      name: string,
      settings: GraphObject,
      groupId: string,
      filter?: string,
    ) => ({
      "@odata.type": POLICY_TYPE[os],
      id: guid(KIND.policy, i),
      createdDateTime: "2025-01-10T10:00:00Z",
      description: null,
      lastModifiedDateTime: "2026-06-01T10:00:00Z",
      displayName: name,
      version: 3,
      ...settings,
      "assignments@odata.context": `${policyContext(i)}/assignments`,
      assignments: [
        {
          id: `${guid(KIND.policy, i)}_${groupId}`,
          target: {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget",
            deviceAndAppManagementAssignmentFilterId: filter ?? null,
            deviceAndAppManagementAssignmentFilterType: filter === undefined ? "none" : "include",
            groupId,
          },
        },
      ],
      "scheduledActionsForRule@odata.context": `${policyContext(i)}/scheduledActionsForRule(scheduledActionConfigurations())`,
      scheduledActionsForRule: [
        {
          id: guid(KIND.policy + 0x100, i),
          ruleName: "PasswordRequired",
          "scheduledActionConfigurations@odata.context": "",
          scheduledActionConfigurations: [
            {
              id: guid(KIND.policy + 0x200, i),
              gracePeriodHours: 24,
              actionType: "block",
              notificationTemplateId: "00000000-0000-0000-0000-000000000000",
              notificationMessageCCList: [],
            },
          ],
        },
      ],
    });
    return [
      base(
        1,
        "Windows",
        "Windows 11 baseline",
        {
          passwordRequired: true,
          passwordBlockSimple: true,
          passwordMinimumLength: 8,
          passwordRequiredType: "deviceDefault",
          osMinimumVersion: "10.0.22631",
          osMaximumVersion: null,
          mobileOsMinimumVersion: null,
          mobileOsMaximumVersion: null,
          earlyLaunchAntiMalwareDriverEnabled: false,
          bitLockerEnabled: true,
          secureBootEnabled: true,
          codeIntegrityEnabled: true,
          storageRequireEncryption: true,
          activeFirewallRequired: true,
          defenderEnabled: true,
          defenderVersion: null,
          signatureOutOfDate: false,
          rtpEnabled: true,
          antivirusRequired: true,
          antiSpywareRequired: true,
          deviceThreatProtectionEnabled: false,
          deviceThreatProtectionRequiredSecurityLevel: "unavailable",
          configurationManagerComplianceRequired: false,
          tpmRequired: true,
          deviceCompliancePolicyScript: null,
          validOperatingSystemBuildRanges: [],
        },
        g.windowsDevices,
        guid(KIND.filter, 1),
      ),
      base(
        2,
        "iOS",
        "iOS baseline",
        {
          passcodeBlockSimple: true,
          passcodeExpirationDays: null,
          passcodeMinimumLength: 6,
          passcodeMinutesOfInactivityBeforeLock: 5,
          passcodeMinutesOfInactivityBeforeScreenTimeout: null,
          passcodePreviousPasscodeBlockCount: null,
          passcodeMinimumCharacterSetCount: null,
          passcodeRequiredType: "deviceDefault",
          passcodeRequired: true,
          osMinimumVersion: "17.0",
          osMaximumVersion: null,
          osMinimumBuildVersion: null,
          osMaximumBuildVersion: null,
          securityBlockJailbrokenDevices: true,
          deviceThreatProtectionEnabled: false,
          deviceThreatProtectionRequiredSecurityLevel: "unavailable",
          managedEmailProfileRequired: false,
          restrictedApps: [],
        },
        g.allUsers,
      ),
      base(
        3,
        "Android",
        "Android work profile baseline",
        {
          passwordRequired: true,
          passwordMinimumLength: 6,
          passwordRequiredType: "numericComplex",
          passwordMinutesOfInactivityBeforeLock: 5,
          passwordExpirationDays: null,
          passwordPreviousPasswordBlockCount: null,
          passwordSignInFailureCountBeforeFactoryReset: null,
          securityPreventInstallAppsFromUnknownSources: true,
          securityDisableUsbDebugging: true,
          securityRequireVerifyApps: true,
          deviceThreatProtectionEnabled: false,
          deviceThreatProtectionRequiredSecurityLevel: "unavailable",
          securityBlockJailbrokenDevices: true,
          osMinimumVersion: "13",
          osMaximumVersion: null,
          minAndroidSecurityPatchLevel: "2026-06-01",
          storageRequireEncryption: true,
          securityRequireSafetyNetAttestationBasicIntegrity: true,
          securityRequireSafetyNetAttestationCertifiedDevice: false,
          securityRequireGooglePlayServices: true,
          securityRequireUpToDateSecurityProviders: true,
          securityRequireCompanyPortalAppIntegrity: true,
        },
        g.allUsers,
      ),
      base(
        4,
        "macOS",
        "macOS baseline",
        {
          passwordRequired: true,
          passwordBlockSimple: true,
          passwordExpirationDays: null,
          passwordMinimumLength: 8,
          passwordMinutesOfInactivityBeforeLock: 15,
          passwordPreviousPasswordBlockCount: null,
          passwordMinimumCharacterSetCount: null,
          passwordRequiredType: "deviceDefault",
          osMinimumVersion: "14.0",
          osMaximumVersion: null,
          systemIntegrityProtectionEnabled: true,
          deviceThreatProtectionEnabled: false,
          deviceThreatProtectionRequiredSecurityLevel: "unavailable",
          storageRequireEncryption: true,
          firewallEnabled: true,
          firewallBlockAllIncoming: false,
          firewallEnableStealthMode: false,
        },
        g.allUsers,
      ),
    ];
  }

  assignmentFilters(): GraphObject[] {
    return [
      {
        id: guid(KIND.filter, 1),
        createdDateTime: "2025-02-01T10:00:00Z",
        lastModifiedDateTime: "2025-02-01T10:00:00Z",
        displayName: "Corporate Windows",
        description: "",
        platform: "windows10AndLater",
        rule: '(device.deviceOwnership -eq "Corporate")',
        roleScopeTags: ["0"],
        payloads: [],
      },
    ];
  }

  conditionalAccessPolicies(): GraphObject[] {
    const g = this.groupIds();
    const policy = (
      i: number,
      name: string,
      state: string,
      users: GraphObject,
      grant: GraphObject,
      extra: GraphObject = {},
    ) => ({
      id: guid(KIND.ca, i),
      templateId: null,
      displayName: name,
      createdDateTime: "2025-01-15T10:00:00.0000000Z",
      modifiedDateTime: null,
      state,
      sessionControls: null,
      conditions: {
        userRiskLevels: [],
        signInRiskLevels: [],
        clientAppTypes: ["all"],
        servicePrincipalRiskLevels: [],
        insiderRiskLevels: null,
        platforms: null,
        times: null,
        deviceStates: null,
        devices: null,
        clientApplications: null,
        authenticationFlows: null,
        applications: {
          includeApplications: ["All"],
          excludeApplications: [],
          includeUserActions: [],
          includeAuthenticationContextClassReferences: [],
          applicationFilter: null,
        },
        users: {
          includeUsers: [],
          excludeUsers: [],
          includeGroups: [],
          excludeGroups: [],
          includeRoles: [],
          excludeRoles: [],
          includeGuestsOrExternalUsers: null,
          excludeGuestsOrExternalUsers: null,
          ...users,
        },
        locations: null,
        ...extra,
      },
      grantControls: {
        operator: "OR",
        builtInControls: [],
        customAuthenticationFactors: [],
        termsOfUse: [],
        authenticationStrength: null,
        ...grant,
      },
    });
    return [
      policy(
        1,
        "Require compliant device",
        "enabled",
        { includeGroups: [g.allUsers], excludeGroups: [g.breakGlass] },
        { builtInControls: ["compliantDevice"] },
      ),
      policy(
        2,
        "Admins need phishing-resistant MFA",
        "enabled",
        { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"], excludeGroups: [g.breakGlass] },
        {
          "authenticationStrength@odata.context": "",
          authenticationStrength: { id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA" },
        },
      ),
      policy(
        3,
        "Block outside trusted countries",
        "enabledForReportingButNotEnforced",
        { includeUsers: ["All"], excludeGroups: [g.admins] },
        { builtInControls: ["block"] },
        {
          locations: { includeLocations: ["All"], excludeLocations: [guid(KIND.location, 1), guid(KIND.location, 2)] },
        },
      ),
      policy(
        4,
        "Block device code flow",
        "enabled",
        { includeUsers: ["All"], excludeGroups: [g.breakGlass] },
        { builtInControls: ["block"] },
        { authenticationFlows: { transferMethods: "deviceCodeFlow" } },
      ),
    ];
  }

  namedLocations(): GraphObject[] {
    return [
      {
        "@odata.type": "#microsoft.graph.ipNamedLocation",
        id: guid(KIND.location, 1),
        displayName: "Head office",
        modifiedDateTime: "2025-01-15T10:00:00.0000000Z",
        createdDateTime: "2025-01-15T10:00:00.0000000Z",
        isTrusted: true,
        ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: "203.0.113.0/24" }],
      },
      {
        "@odata.type": "#microsoft.graph.countryNamedLocation",
        id: guid(KIND.location, 2),
        displayName: "Home countries",
        modifiedDateTime: "2025-01-15T10:00:00.0000000Z",
        createdDateTime: "2025-01-15T10:00:00.0000000Z",
        countriesAndRegions: ["NL", "DE"],
        includeUnknownCountriesAndRegions: false,
        countryLookupMethod: "clientIpAddress",
      },
    ];
  }

  authenticationStrengths(): GraphObject[] {
    return [
      {
        id: "00000000-0000-0000-0000-000000000002",
        createdDateTime: "2021-12-01T00:00:00Z",
        modifiedDateTime: "2021-12-01T00:00:00Z",
        displayName: "Multifactor authentication",
        description: "Combinations of methods that satisfy strong authentication, such as a password + SMS",
        policyType: "builtIn",
        requirementsSatisfied: "mfa",
        allowedCombinations: [
          "windowsHelloForBusiness",
          "fido2",
          "x509CertificateMultiFactor",
          "deviceBasedPush",
          "temporaryAccessPassOneTime",
          "temporaryAccessPassMultiUse",
          "password,microsoftAuthenticatorPush",
          "password,softwareOath",
          "password,hardwareOath",
          "password,sms",
          "password,voice",
          "federatedMultiFactor",
          "microsoftAuthenticatorPush,federatedSingleFactor",
          "softwareOath,federatedSingleFactor",
          "hardwareOath,federatedSingleFactor",
          "sms,federatedSingleFactor",
          "voice,federatedSingleFactor",
        ],
      },
      {
        id: "00000000-0000-0000-0000-000000000004",
        createdDateTime: "2021-12-01T00:00:00Z",
        modifiedDateTime: "2021-12-01T00:00:00Z",
        displayName: "Phishing-resistant MFA",
        description:
          "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
        policyType: "builtIn",
        requirementsSatisfied: "mfa",
        allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
      },
    ];
  }

  /** The i-th sign-in, newest first as Graph lists them. */
  signin(i: number): GraphObject {
    const device = this.device(i);
    return {
      id: guid(KIND.signin, i),
      createdDateTime: new Date(this.now - i * 60_000).toISOString().replace(".000Z", "Z"),
      userDisplayName: device.userDisplayName,
      userPrincipalName: device.userPrincipalName,
      userId: device.userId,
      appId: "00000003-0000-0ff1-ce00-000000000000",
      appDisplayName: "Office 365 SharePoint Online",
      ipAddress: "203.0.113.10",
      clientAppUsed: "Browser",
      correlationId: guid(KIND.signin + 1, i),
      conditionalAccessStatus: "success",
      isInteractive: true,
      riskDetail: "none",
      riskLevelAggregated: "none",
      riskLevelDuringSignIn: "none",
      riskState: "none",
      riskEventTypes_v2: [],
      resourceDisplayName: "Office 365 SharePoint Online",
      resourceId: "00000003-0000-0ff1-ce00-000000000000",
      status: { errorCode: 0, failureReason: "Other.", additionalDetails: null },
      deviceDetail: {
        deviceId: device.azureADDeviceId,
        displayName: device.deviceName,
        operatingSystem: device.operatingSystem,
        browser: "Edge 131.0.0",
        isCompliant: device.complianceState === "compliant",
        isManaged: true,
        trustType: "Azure AD joined",
      },
      location: {
        city: "Amsterdam",
        state: "Noord-Holland",
        countryOrRegion: "NL",
        geoCoordinates: { altitude: null, latitude: 52.37, longitude: 4.89 },
      },
      appliedConditionalAccessPolicies: [],
    };
  }
}

const POLICY_TYPE: Record<string, string> = {
  Windows: "#microsoft.graph.windows10CompliancePolicy",
  iOS: "#microsoft.graph.iosCompliancePolicy",
  Android: "#microsoft.graph.androidWorkProfileCompliancePolicy",
  macOS: "#microsoft.graph.macOSCompliancePolicy",
};

const PLATFORM_TYPE: Record<string, string> = {
  Windows: "windows10AndLater",
  iOS: "iOS",
  Android: "androidWorkProfile",
  macOS: "macOS",
};
