/**
 * Builds checked access policies and compiled sets by hand, so access evaluation tests do
 * not depend on the parser or checker. Defaults: enabled, all users, all apps, `grant mfa`.
 */
import { emptySpan, parseEntraFilter } from "@tenet/parser";
import type { CheckedAccess, EntraFilterExpr, GrantControl } from "@tenet/parser";
import { compile } from "../src/compile/compile.js";
import type { CompiledPolicySet } from "../src/compile/compiled-policy-set.js";
import { SetBuilder } from "./checked-set-builder.js";

const span = emptySpan("test.tenet");

/** A checked access policy; `over` replaces the defaults it names. */
export function policy(name: string, over: Partial<Omit<CheckedAccess, "decl" | "name">> = {}): CheckedAccess {
  return {
    decl: { kind: "Access", name: { kind: "Ident", name, span }, clauses: [], span },
    name,
    title: over.title ?? `${name} title`,
    state: "enabled",
    users: { include: [{ kind: "all" }], exclude: [] },
    apps: { include: [{ kind: "all" }], exclude: [] },
    grant: { kind: "controls", operator: "AND", controls: [{ kind: "mfa" }] },
    session: {},
    controls: [],
    ...over,
  };
}

/** `all(mfa, compliantDevice)` is `grantAll("mfa", "compliantDevice")`. */
export const grantAll = (...controls: (GrantControl["kind"] | GrantControl)[]): CheckedAccess["grant"] => ({
  kind: "controls",
  operator: "AND",
  controls: controls.map(asControl),
});
export const grantAny = (...controls: (GrantControl["kind"] | GrantControl)[]): CheckedAccess["grant"] => ({
  kind: "controls",
  operator: "OR",
  controls: controls.map(asControl),
});
export const BLOCK: CheckedAccess["grant"] = { kind: "block" };
export const SESSION_ONLY: CheckedAccess["grant"] = { kind: "none" };

function asControl(c: GrantControl["kind"] | GrantControl): GrantControl {
  return typeof c === "string" ? ({ kind: c } as GrantControl) : c;
}

/** An Entra-syntax device filter, parsed by the real rule parser (which must accept it). */
export function entra(mode: "include" | "exclude", rule: string): NonNullable<CheckedAccess["deviceFilter"]> {
  const parsed = parseEntraFilter(rule, span);
  if (parsed.value === undefined)
    throw new Error(`test filter does not parse: ${parsed.diagnostics.map((d) => d.message).join("; ")}`);
  return { mode, filter: { kind: "entra", rule, ast: parsed.value as EntraFilterExpr } };
}

/** Compiles access policies; `b` carries the types of any Tenet-syntax filter expressions. */
export function compiledAccess(policies: CheckedAccess[], b: SetBuilder = new SetBuilder()): CompiledPolicySet {
  return compile({ ...b.build(), access: policies });
}

/** A member signing in to an Office 365 app from a compliant Entra-joined Windows device in Germany, no MFA yet. */
export const MEMBER = {
  user: { id: "u1", userType: "member" },
  groups: ["staff"],
  roles: [],
  application: { id: "exo", suites: ["Office365"] },
  clientAppType: "browser",
  platform: "windows",
  location: { namedLocationIds: ["office-berlin"], trusted: false, countryCode: "DE" },
  signInRisk: "none",
  userRisk: "none",
  device: { deviceId: "d1", trustType: "AzureAD", isCompliant: true, isManaged: true, operatingSystem: "Windows" },
  satisfied: { mfa: false },
} as const;

export const NOW = "2026-11-25T12:00:00Z";
