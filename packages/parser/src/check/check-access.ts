import type { AccessDecl, ConditionClause, ControlsClause, Expr, Ident, SelectorItem } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { AppSelector, CheckedAccess, ClientAppType, DeviceFilter, DevicePlatform, EntraFilterExpr, GrantControl, LocationSelector, RiskLevel, UserSelector } from "./access-model.js";
import { checkControls } from "./check-controls.js";
import { checkSession } from "./check-session.js";
import { singleClauses } from "./clause-set.js";
import { parseEntraFilter } from "./entra-filter.js";

/** What the general checker lends the access checker. */
export interface AccessCheckContext {
  report(d: Diagnostic): void;
  /** Type-checks a Tenet `devices ... where EXPR` filter over the sign-in's `device`. */
  checkDeviceCondition(expr: Expr): void;
}

const GUEST_TYPES = ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"] as const;
const CLIENTS: readonly ClientAppType[] = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"];
const PLATFORMS: readonly DevicePlatform[] = ["all", "android", "iOS", "windows", "windowsPhone", "macOS", "linux"];
const RISKS: readonly RiskLevel[] = ["none", "low", "medium", "high"];
const CONTROLS = ["mfa", "compliantDevice", "hybridJoinedDevice", "approvedApp", "appProtection", "passwordChange", "termsOfUse", "authenticationStrength"] as const;
const STATES = { enabled: "enabled", "report-only": "reportOnly", disabled: "disabled" } as const;

/**
 * Checks an access policy and normalises it to Entra's `conditionalAccessPolicy` shape.
 * Rejects what Entra rejects: no users or apps, no grant or session control, password
 * change outside a user-risk policy for all apps, device states together with a filter.
 */
export function checkAccess(decl: AccessDecl, ctx: AccessCheckContext): CheckedAccess | undefined {
  const report = ctx.report;
  const name = decl.name.name;
  const single = singleClauses(decl.clauses, new Set(["Controls"]), `access policy \`${name}\``, report, (c) =>
    c.kind === "Condition" ? c.condition.name : c.kind === "DeviceFilter" ? "devices" : c.kind.toLowerCase(),
  );
  const condition = (keyword: string) => {
    const c = single.get(keyword);
    return c?.kind === "Condition" ? c : undefined;
  };
  const stateClause = single.get("state");
  const state = stateClause?.kind === "State" ? word(stateClause.state, Object.keys(STATES), "state", report) : "enabled";

  const users = selectors(condition("users"), report, userItem);
  const apps = selectors(condition("apps"), report, appItem);
  const clients = enumCondition(condition("clients"), CLIENTS, report, true);
  const platformClause = condition("platforms");
  const platforms = platformClause === undefined ? undefined : { include: enumItems(platformClause, platformClause.include, PLATFORMS, report), exclude: enumItems(platformClause, platformClause.exclude, PLATFORMS, report) };
  const locations = selectors(condition("locations"), report, locationItem);
  const signInRisk = enumCondition(condition("signInRisk"), RISKS, report, false);
  const userRisk = enumCondition(condition("userRisk"), RISKS, report, false);
  const filterClause = single.get("devices");
  let deviceFilter: CheckedAccess["deviceFilter"];
  if (filterClause?.kind === "DeviceFilter") {
    const filter = deviceFilterOf(filterClause.filter, ctx);
    if (filter !== undefined) deviceFilter = { mode: filterClause.mode, filter };
  }
  const states = condition("deviceStates");
  if (states !== undefined) {
    if (filterClause !== undefined) report(makeDiagnostic("CP2043", states.span));
    else deviceFilter = legacyDeviceStates(states, report);
  }
  const grantClause = single.get("grant");
  const grant = grantClause?.kind === "Grant" ? checkGrant(grantClause, report) : undefined;
  const sessionClause = single.get("session");
  const session = sessionClause?.kind === "Session" ? checkSession(sessionClause, report) : {};

  const problem = (what: string, help: string) => report(makeDiagnostic("CP2044", decl.name.span, { name, problem: what, help }));
  if (users === undefined || users.include.length === 0) problem("no `users include` condition", "say who it applies to, e.g. `users include all`");
  if (apps === undefined || apps.include.length === 0) problem("no `apps include` condition", "say which resources it protects, e.g. `apps include all`");
  if (grant === undefined && Object.keys(session).length === 0) problem("no `grant` and no `session` control", "add `grant mfa`, `grant block` or a `session` control");
  if (grant?.kind === "controls" && grant.controls.some((c) => c.kind === "passwordChange")) {
    const allApps = apps?.include.some((a) => a.kind === "all") === true;
    if (!allApps || userRisk === undefined || grant.operator !== "AND") report(makeDiagnostic("CP2042", grantClause!.span));
  }
  if (decl.recovered === true || state === undefined) return undefined;
  return {
    decl,
    name,
    title: decl.title?.value ?? name,
    state: STATES[state as keyof typeof STATES],
    ...(users === undefined ? {} : { users }),
    ...(apps === undefined ? {} : { apps }),
    ...(clients === undefined ? {} : { clientAppTypes: clients }),
    ...(platforms === undefined ? {} : { platforms }),
    ...(locations === undefined ? {} : { locations }),
    ...(signInRisk === undefined ? {} : { signInRisk }),
    ...(userRisk === undefined ? {} : { userRisk }),
    ...(deviceFilter === undefined ? {} : { deviceFilter }),
    grant: grant ?? { kind: "none" },
    session,
    controls: checkControls(decl.clauses.filter((c): c is ControlsClause => c.kind === "Controls"), report),
  };
}

function word(w: Ident, allowed: readonly string[], what: string, report: (d: Diagnostic) => void): string | undefined {
  if (allowed.includes(w.name)) return w.name;
  if (w.recovered !== true) report(makeDiagnostic("CP2023", w.span, { value: w.name, what, help: didYouMean(w.name, allowed) ?? `expected one of ${allowed.map((a) => `\`${a}\``).join(", ")}` }));
  return undefined;
}

function invalid(item: SelectorItem, c: ConditionClause, allowed: readonly string[], report: (d: Diagnostic) => void): undefined {
  const help = didYouMean(item.selector.name, allowed) ?? `\`${c.condition.name}\` takes ${allowed.map((a) => `\`${a}\``).join(", ")}`;
  report(makeDiagnostic("CP2040", item.span, { item: item.selector.name, condition: c.condition.name, help }));
  return undefined;
}

function values(item: SelectorItem): string[] {
  return item.values.map((v) => (v.kind === "String" ? v.value : v.name));
}

/** `selector "a", "b"` expands to one normalised selector per value. */
function selectors<T>(c: ConditionClause | undefined, report: (d: Diagnostic) => void, one: (item: SelectorItem, c: ConditionClause, report: (d: Diagnostic) => void) => T[] | undefined): { include: T[]; exclude: T[] } | undefined {
  if (c === undefined) return undefined;
  const all = (items: SelectorItem[]) => items.flatMap((item) => one(item, c, report) ?? []);
  return { include: all(c.include), exclude: all(c.exclude) };
}

const USER_ITEMS = ["all", "none", "user", "group", "role", "guests"];
function userItem(item: SelectorItem, c: ConditionClause, report: (d: Diagnostic) => void): UserSelector[] | undefined {
  const s = item.selector.name;
  const vs = values(item);
  if (s === "all" || s === "none") return [{ kind: s }];
  if ((s === "user" || s === "group" || s === "role") && vs.length > 0) return vs.map((id) => ({ kind: s, id }));
  if (s === "guests") {
    const bad = vs.find((v) => !(GUEST_TYPES as readonly string[]).includes(v));
    if (bad !== undefined) return invalid({ ...item, selector: { ...item.selector, name: bad } }, c, GUEST_TYPES, report);
    return [{ kind: "guests", types: vs as UserSelector extends { types: infer T } ? T : never }];
  }
  return invalid(item, c, USER_ITEMS, report);
}

const APP_ITEMS = ["all", "none", "app", "suite", "action", "context"];
function appItem(item: SelectorItem, c: ConditionClause, report: (d: Diagnostic) => void): AppSelector[] | undefined {
  const s = item.selector.name;
  const vs = values(item);
  if (s === "all" || s === "none") return [{ kind: s }];
  if (s === "app" && vs.length > 0) return vs.map((id) => ({ kind: "app", id }));
  if (s === "suite" && vs.length > 0) return vs.map((name) => ({ kind: "suite", name }));
  if (s === "context" && vs.length > 0) return vs.map((id) => ({ kind: "context", id }));
  if (s === "action" && vs.length > 0) {
    const actions = ["registerSecurityInfo", "registerDevice"] as const;
    const bad = vs.find((v) => !(actions as readonly string[]).includes(v));
    if (bad !== undefined) return invalid({ ...item, selector: { ...item.selector, name: bad } }, c, actions, report);
    return vs.map((action) => ({ kind: "action", action: action as (typeof actions)[number] }));
  }
  return invalid(item, c, APP_ITEMS, report);
}

const LOCATION_ITEMS = ["all", "trusted", "location", "country"];
function locationItem(item: SelectorItem, c: ConditionClause, report: (d: Diagnostic) => void): LocationSelector[] | undefined {
  const s = item.selector.name;
  const vs = values(item);
  if (s === "all" || s === "trusted") return [{ kind: s }];
  if (s === "location" && vs.length > 0) return vs.map((id) => ({ kind: "location", id }));
  if (s === "country" && vs.length > 0 && vs.every((v) => /^[A-Z]{2}$/.test(v))) return vs.map((code) => ({ kind: "country", code }));
  return invalid(item, c, LOCATION_ITEMS, report);
}

function enumItems<T extends string>(c: ConditionClause, items: SelectorItem[], allowed: readonly T[], report: (d: Diagnostic) => void): T[] {
  return items.flatMap((item) => ((allowed as readonly string[]).includes(item.selector.name) && item.values.length === 0 ? [item.selector.name as T] : (invalid(item, c, allowed, report) ?? [])));
}

/** Client app types and risk levels take only an include list; `all` means not configured. */
function enumCondition<T extends string>(c: ConditionClause | undefined, allowed: readonly T[], report: (d: Diagnostic) => void, allowAll: boolean): T[] | undefined {
  if (c === undefined) return undefined;
  for (const item of c.exclude) invalid(item, c, [], report);
  if (allowAll && c.include.length === 1 && c.include[0]!.selector.name === "all") return undefined;
  return enumItems(c, c.include, allowed, report);
}

function deviceFilterOf(filter: { kind: "TenetFilter"; condition: Expr } | { kind: "EntraFilter"; rule: { value: string; span: import("../source/span.js").Span } }, ctx: AccessCheckContext): DeviceFilter | undefined {
  if (filter.kind === "TenetFilter") {
    ctx.checkDeviceCondition(filter.condition);
    return { kind: "tenet", condition: filter.condition };
  }
  const parsed = parseEntraFilter(filter.rule.value, filter.rule.span);
  for (const d of parsed.diagnostics) ctx.report(d);
  return parsed.value === undefined ? undefined : { kind: "entra", rule: filter.rule.value, ast: parsed.value };
}

/** Legacy `deviceStates include all exclude compliant, domainJoined` as the equivalent exclude filter. */
function legacyDeviceStates(c: ConditionClause, report: (d: Diagnostic) => void): CheckedAccess["deviceFilter"] {
  enumItems(c, c.include, ["all"], report);
  const states = enumItems(c, c.exclude, ["compliant", "domainJoined"], report);
  const parts: EntraFilterExpr[] = states.map((s) =>
    s === "compliant" ? { kind: "compare", property: "isCompliant", operator: "eq", value: true } : { kind: "compare", property: "trustType", operator: "eq", value: "ServerAD" },
  );
  if (parts.length === 0) return undefined;
  const ast = parts.reduce((left, right) => ({ kind: "or", left, right }));
  const rule = states.map((s) => (s === "compliant" ? "device.isCompliant -eq True" : 'device.trustType -eq "ServerAD"')).join(" -or ");
  return { mode: "exclude", filter: { kind: "entra", rule, ast } };
}

function checkGrant(g: import("../ast/nodes.js").GrantClause, report: (d: Diagnostic) => void): CheckedAccess["grant"] | undefined {
  const names = g.controls.map((c) => c.name.name);
  if (names.includes("block")) {
    if (names.length > 1) report(makeDiagnostic("CP2048", g.span));
    return { kind: "block" };
  }
  const controls: GrantControl[] = [];
  for (const item of g.controls) {
    const n = item.name.name;
    const id = item.values[0]?.value;
    if (!(CONTROLS as readonly string[]).includes(n)) {
      if (item.name.recovered !== true) report(makeDiagnostic("CP2041", item.name.span, { name: n, help: didYouMean(n, [...CONTROLS, "block"]) ?? `controls are ${[...CONTROLS, "block"].map((c) => `\`${c}\``).join(", ")}` }));
    } else if (n === "termsOfUse" || n === "authenticationStrength") {
      if (id === undefined) report(makeDiagnostic("CP2041", item.name.span, { name: `${n} without an id`, help: `write \`${n} "id"\`` }));
      else controls.push({ kind: n, id });
    } else controls.push({ kind: n as Exclude<GrantControl["kind"], "termsOfUse" | "authenticationStrength"> });
  }
  if (controls.length === 0) return undefined;
  return { kind: "controls", operator: g.operator === "any" ? "OR" : "AND", controls };
}
