/** The built-in sign-in schema (packages/parser/schemas/signin.schema.json) under ajv and the fact-schema loader. */
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { builtinSchemas } from "../schema/load-fact-schema.js";

const schema = builtinSchemas().signIn;
const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(schema.json);
const valid = (signIn: unknown) => validate(signIn) === true;

const FULL = {
  user: { id: "u1", userType: "guest", guestType: "b2bCollaborationGuest", displayName: "Ada" },
  groups: ["g1"],
  roles: ["62e90394-69f5-4237-9190-012177145e10"],
  application: { id: "00000002-0000-0ff1-ce00-000000000000", suites: ["Office365"], authenticationContexts: ["c1"] },
  clientAppType: "mobileAppsAndDesktopClients",
  platform: "iOS",
  location: { namedLocationIds: ["l1"], trusted: true, countryCode: "DE" },
  signInRisk: "medium",
  userRisk: "none",
  authenticationFlow: "deviceCodeFlow",
  device: {
    deviceId: "d1",
    trustType: "Workplace",
    isCompliant: false,
    isManaged: true,
    systemLabels: [],
    physicalIds: ["[ZTDID]:x"],
    extensionAttribute15: "x",
  },
  satisfied: {
    mfa: true,
    approvedApplication: false,
    compliantApplication: false,
    passwordChange: false,
    termsOfUse: ["t1"],
    authenticationStrengths: ["phish"],
  },
};

describe("sign-in schema", () => {
  it("accepts a full sign-in, an unregistered device and the minimum of user and application", () => {
    expect(valid(FULL)).toBe(true);
    expect(valid({ ...FULL, device: null })).toBe(true);
    expect(valid({ user: { id: "u1" }, application: { id: "a1" } })).toBe(true);
    expect(valid({ user: { id: "u1" }, application: { userAction: "registerSecurityInfo" } })).toBe(true);
  });

  it("refuses sign-ins without a user or application, and values outside the enums", () => {
    expect(valid({ application: { id: "a1" } })).toBe(false);
    expect(valid({ user: { id: "u1" } })).toBe(false);
    expect(valid({ user: {}, application: { id: "a1" } })).toBe(false);
    for (const [key, value] of [
      ["platform", "Windows"],
      ["clientAppType", "legacy"],
      ["signInRisk", "severe"],
      ["authenticationFlow", "deviceCode"],
    ] as const) {
      expect(valid({ ...FULL, [key]: value }), key).toBe(false);
    }
    expect(valid({ ...FULL, device: { trustType: "Joined" } })).toBe(false);
    expect(valid({ ...FULL, satisfied: { mfa: "yes" } })).toBe(false);
  });

  it("types risk levels as ordered enums none < low < medium < high", () => {
    expect(schema.rootName).toBe("signIn");
    for (const key of ["signInRisk", "userRisk"]) {
      expect(schema.root.properties[key]).toEqual({
        kind: "enum",
        values: ["none", "low", "medium", "high"],
        ordered: true,
      });
    }
  });

  it("marks user ids and display names as personal data", () => {
    expect(schema.personalPaths).toEqual(expect.arrayContaining(["user.id", "user.displayName", "device.displayName"]));
  });
});
