import type { AccessDecl, Expr } from "../ast/nodes.js";
import type { ControlMapping } from "./control-mapping.js";
import type { AuthenticationFlow, ClientAppType, DevicePlatform, GuestType, RiskLevel } from "./access-vocabulary.js";

export type { AuthenticationFlow, ClientAppType, DevicePlatform, GuestType, RiskLevel };

/**
 * A checked access policy, normalised to the shape of Entra's `conditionalAccessPolicy`
 * so evaluation and Graph import/export map 1:1. An `undefined` condition is not
 * configured and matches every sign-in.
 */
export interface CheckedAccess {
  decl: AccessDecl;
  name: string;
  title: string;
  state: "enabled" | "reportOnly" | "disabled";
  users?: {
    include: UserSelector[];
    exclude: UserSelector[];
  };
  apps?: {
    include: AppSelector[];
    exclude: AppSelector[];
  };
  /** Client app types; undefined = all. */
  clientAppTypes?: ClientAppType[];
  platforms?: { include: DevicePlatform[]; exclude: DevicePlatform[] };
  locations?: { include: LocationSelector[]; exclude: LocationSelector[] };
  signInRisk?: RiskLevel[];
  userRisk?: RiskLevel[];
  /** Graph `authenticationFlows.transferMethods`: applies only to sign-ins whose session began with one of these flows. */
  authenticationFlows?: AuthenticationFlow[];
  deviceFilter?: { mode: "include" | "exclude"; filter: DeviceFilter };
  grant: Grant;
  session: SessionControls;
  controls: ControlMapping[];
  /** Parts of the source policy Tenet cannot represent (`unsupported "..."`): the policy is not evaluable where it applies. */
  unsupported?: string[];
}

export type UserSelector =
  | { kind: "all" }
  | { kind: "none" }
  | { kind: "user"; id: string }
  | { kind: "group"; id: string }
  | { kind: "role"; id: string }
  /** `guests` alone = every guest/external type. */
  | { kind: "guests"; types: GuestType[] };

export type AppSelector =
  | { kind: "all" }
  | { kind: "none" }
  | { kind: "app"; id: string }
  | { kind: "suite"; name: string }
  | { kind: "action"; action: "registerSecurityInfo" | "registerDevice" }
  | { kind: "context"; id: string };

export type LocationSelector =
  { kind: "all" } | { kind: "trusted" } | { kind: "location"; id: string } | { kind: "country"; code: string };

/** A device filter in either spelling, compiled by the evaluator. */
export type DeviceFilter = { kind: "tenet"; condition: Expr } | { kind: "entra"; rule: string; ast: EntraFilterExpr };

/** Entra device-filter rule AST (`device.trustType -eq "AzureAD" -and ...`). */
export type EntraFilterExpr =
  | { kind: "and" | "or"; left: EntraFilterExpr; right: EntraFilterExpr }
  | { kind: "not"; operand: EntraFilterExpr }
  | {
      kind: "compare";
      property: string;
      operator: EntraFilterOperator;
      value: string | boolean | null | string[];
    };

export type EntraFilterOperator =
  | "eq"
  | "ne"
  | "startsWith"
  | "notStartsWith"
  | "endsWith"
  | "notEndsWith"
  | "contains"
  | "notContains"
  | "in"
  | "notIn";

export type GrantControl =
  | { kind: "mfa" }
  | { kind: "compliantDevice" }
  | { kind: "hybridJoinedDevice" }
  | { kind: "approvedApp" }
  | { kind: "appProtection" }
  | { kind: "passwordChange" }
  | { kind: "termsOfUse"; id: string }
  | { kind: "authenticationStrength"; id: string };

export type Grant =
  | { kind: "block" }
  | { kind: "controls"; operator: "AND" | "OR"; controls: GrantControl[] }
  /** Session controls only: adds no grant requirement. */
  | { kind: "none" };

export interface SessionControls {
  /** Milliseconds, or "everyTime". */
  signInFrequency?: number | "everyTime";
  persistentBrowser?: "always" | "never";
  appEnforcedRestrictions?: boolean;
  continuousAccessEvaluation?: "strict" | "disabled";
}
