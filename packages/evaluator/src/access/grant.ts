import type { CheckedAccess, GrantControl, SessionControls } from "@tenet/parser";
import type { ControlName } from "../model/access-decision.js";
import { getOwn } from "../values/fact-lookup.js";

/** Entra prompts for controls in this order (MFA first, then device, app, password, terms). */
export const PROMPT_ORDER: readonly ControlName[] = [
  "mfa",
  "authenticationStrength",
  "compliantDevice",
  "hybridJoinedDevice",
  "approvedApp",
  "appProtection",
  "passwordChange",
  "termsOfUse",
];
/** Controls the user cannot satisfy by answering a prompt during this sign-in. */
const NON_INTERACTIVE = new Set<ControlName>(["compliantDevice", "hybridJoinedDevice", "approvedApp", "appProtection"]);

/** Client app types that sign in with legacy (basic) authentication. */
const LEGACY_CLIENTS: ReadonlySet<string> = new Set(["exchangeActiveSync", "other"]);
/**
 * Controls completed in an interactive modern-authentication prompt. Legacy authentication
 * cannot do MFA (nor, so, an authentication strength) and has no prompt in which to accept
 * terms of use or change a password: over a legacy client these are never satisfied, so a
 * policy requiring them blocks the sign-in, whatever `satisfied` claims.
 */
const NEEDS_MODERN_AUTH: ReadonlySet<ControlName> = new Set<ControlName>([
  "mfa",
  "authenticationStrength",
  "passwordChange",
  "termsOfUse",
]);

/** The legacy client app type of a sign-in, or undefined for modern (or unreported) clients. */
export function legacyClientOf(signIn: unknown): string | undefined {
  const c = getOwn(signIn, "clientAppType");
  return typeof c === "string" && LEGACY_CLIENTS.has(c) ? c : undefined;
}

/** The controls among `unmet` that this sign-in's client can never satisfy (legacy authentication), in the order given. */
export function unsatisfiableControls(unmet: readonly ControlName[], signIn: unknown): ControlName[] {
  return legacyClientOf(signIn) === undefined ? [] : unmet.filter((c) => NEEDS_MODERN_AUTH.has(c));
}

/**
 * Whether a sign-in already satisfies one grant control. Device controls come from the
 * device; others from `satisfied`, except that a legacy client never satisfies a control
 * that needs modern authentication.
 */
export function satisfies(control: GrantControl, signIn: unknown, device: unknown): boolean {
  if (NEEDS_MODERN_AUTH.has(control.kind) && legacyClientOf(signIn) !== undefined) return false;
  const satisfied = getOwn(signIn, "satisfied");
  const list = (key: string) => {
    const v = getOwn(satisfied, key);
    return Array.isArray(v) ? v : [];
  };
  switch (control.kind) {
    case "mfa":
      return getOwn(satisfied, "mfa") === true;
    case "compliantDevice":
      return getOwn(device, "isCompliant") === true;
    case "hybridJoinedDevice":
      return getOwn(device, "trustType") === "ServerAD";
    case "approvedApp":
      return getOwn(satisfied, "approvedApplication") === true;
    case "appProtection":
      return getOwn(satisfied, "compliantApplication") === true;
    case "passwordChange":
      return getOwn(satisfied, "passwordChange") === true;
    case "termsOfUse":
      return list("termsOfUse").includes(control.id);
    case "authenticationStrength":
      return list("authenticationStrengths").includes(control.id);
  }
}

/** Unmet controls in prompt order: with AND the unsatisfied ones, with OR all of them when none is satisfied. */
export function unmetControls(grant: CheckedAccess["grant"], signIn: unknown, device: unknown): ControlName[] {
  if (grant.kind !== "controls") return [];
  const unmet = grant.controls.filter((c) => !satisfies(c, signIn, device));
  const result = grant.operator === "AND" ? unmet : unmet.length === grant.controls.length ? grant.controls : [];
  return [...new Set(result.map((c) => c.kind))].sort((a, b) => PROMPT_ORDER.indexOf(a) - PROMPT_ORDER.indexOf(b));
}

/**
 * What a report-only policy would have done: fail on block, on a control the user cannot
 * satisfy interactively, or on one this client cannot satisfy at all (`unsatisfiable`).
 */
export function reportOnlyResult(
  grant: CheckedAccess["grant"],
  unmet: ControlName[],
  unsatisfiable: readonly ControlName[] = [],
): "success" | "failure" | "userActionRequired" {
  if (grant.kind === "block" || unmet.some((c) => NON_INTERACTIVE.has(c)) || unsatisfiable.length > 0) return "failure";
  return unmet.length > 0 ? "userActionRequired" : "success";
}

/** Session controls of several policies combined: the most restrictive wins. */
export function combineSessions(sessions: SessionControls[]): SessionControls {
  const out: SessionControls = {};
  for (const s of sessions) {
    if (s.signInFrequency !== undefined) {
      const cur = out.signInFrequency;
      out.signInFrequency =
        cur === "everyTime" || s.signInFrequency === "everyTime"
          ? "everyTime"
          : cur === undefined
            ? s.signInFrequency
            : Math.min(cur, s.signInFrequency);
    }
    if (s.persistentBrowser !== undefined)
      out.persistentBrowser = out.persistentBrowser === "never" || s.persistentBrowser === "never" ? "never" : "always";
    if (s.appEnforcedRestrictions === true) out.appEnforcedRestrictions = true;
    if (s.continuousAccessEvaluation !== undefined)
      out.continuousAccessEvaluation =
        out.continuousAccessEvaluation === "strict" || s.continuousAccessEvaluation === "strict"
          ? "strict"
          : "disabled";
  }
  return out;
}
