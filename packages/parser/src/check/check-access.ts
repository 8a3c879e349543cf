import type { AccessDecl, ConditionClause, ControlsClause, Expr, Ident, SelectorItem } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { ACCESS_CONDITIONS } from "../lexer/access-conditions.js";
import { didYouMean } from "../text/closest.js";
import { appItem, enumItems, invalidItem, locationItem, userItem, type Side } from "./access-condition-items.js";
import type { CheckedAccess, DeviceFilter, EntraFilterExpr, GrantControl } from "./access-model.js";
import { checkControls } from "./check-controls.js";
import { checkSession } from "./check-session.js";
import { singleClauses } from "./clause-set.js";
import { parseEntraFilter } from "./entra-filter.js";
import {
  AUTHENTICATION_FLOWS,
  CLIENT_APP_TYPES,
  DEVICE_PLATFORMS,
  GRANT_CONTROL_NAMES,
  RISK_LEVELS,
} from "./access-vocabulary.js";

/** What the general checker lends the access checker. */
export interface AccessCheckContext {
  report(d: Diagnostic): void;
  /** Type-checks a Tenet `devices ... where EXPR` filter over the sign-in's `device`. */
  checkDeviceCondition(expr: Expr): void;
}

const CONDITIONS: readonly string[] = ACCESS_CONDITIONS;
const STATES = { enabled: "enabled", "report-only": "reportOnly", disabled: "disabled" } as const;

/**
 * Checks an access policy and normalises it to Entra's `conditionalAccessPolicy` shape.
 * Rejects what Entra rejects: no users or apps, no grant or session control, password
 * change outside a user-risk policy for all apps, device states together with a filter.
 */
export function checkAccess(decl: AccessDecl, ctx: AccessCheckContext): CheckedAccess | undefined {
  const report = ctx.report;
  const name = decl.name.name;
  const single = singleClauses(
    decl.clauses,
    new Set(["Controls", "Unsupported"]),
    `access policy \`${name}\``,
    report,
    (c) => (c.kind === "Condition" ? c.condition.name : c.kind === "DeviceFilter" ? "devices" : c.kind.toLowerCase()),
  );
  for (const c of decl.clauses) {
    if (c.kind === "Condition" && !CONDITIONS.includes(c.condition.name))
      word(c.condition, CONDITIONS, "access condition", report);
  }
  const condition = (keyword: string) => {
    const c = single.get(keyword);
    return c?.kind === "Condition" ? c : undefined;
  };
  const stateClause = single.get("state");
  const state =
    stateClause?.kind === "State" ? word(stateClause.state, Object.keys(STATES), "state", report) : "enabled";

  const users = selectors(condition("users"), report, userItem);
  const apps = selectors(condition("apps"), report, appItem);
  const clients = enumCondition(condition("clients"), CLIENT_APP_TYPES, report, true);
  const platformClause = condition("platforms");
  const platforms =
    platformClause === undefined
      ? undefined
      : {
          include: enumItems(platformClause, platformClause.include, DEVICE_PLATFORMS, report),
          exclude: enumItems(
            platformClause,
            platformClause.exclude,
            DEVICE_PLATFORMS.filter((p) => p !== "all"),
            report,
          ),
        };
  const locations = selectors(condition("locations"), report, locationItem);
  const signInRisk = enumCondition(condition("signInRisk"), RISK_LEVELS, report, false);
  const userRisk = enumCondition(condition("userRisk"), RISK_LEVELS, report, false);
  const flows = enumCondition(condition("authenticationFlows"), AUTHENTICATION_FLOWS, report, false);
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

  const problem = (what: string, help: string) =>
    report(makeDiagnostic("CP2044", decl.name.span, { name, problem: what, help }));
  // Judged on the source: a `users include` whose items were all refused has been reported already.
  if ((condition("users")?.include.length ?? 0) === 0)
    problem("no `users include` condition", "say who it applies to, e.g. `users include all`");
  if ((condition("apps")?.include.length ?? 0) === 0)
    problem("no `apps include` condition", "say which resources it protects, e.g. `apps include all`");
  const unsupported = decl.clauses.flatMap((c) => (c.kind === "Unsupported" ? [c.text.value] : []));
  // A policy whose controls could not be represented is never evaluated where it applies, so it needs none.
  if (
    grantClause === undefined &&
    unsupported.length === 0 &&
    (sessionClause?.kind !== "Session" || sessionClause.settings.length === 0)
  )
    problem("no `grant` and no `session` control", "add `grant mfa`, `grant block` or a `session` control");
  if (grant?.kind === "controls" && grant.controls.some((c) => c.kind === "passwordChange")) {
    const allApps = apps?.include.some((a) => a.kind === "all") === true;
    if (!allApps || userRisk === undefined || grant.operator !== "AND")
      report(makeDiagnostic("CP2042", grantClause!.span));
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
    ...(flows === undefined ? {} : { authenticationFlows: flows }),
    ...(deviceFilter === undefined ? {} : { deviceFilter }),
    grant: grant ?? { kind: "none" },
    session,
    controls: checkControls(
      decl.clauses.filter((c): c is ControlsClause => c.kind === "Controls"),
      report,
    ),
    ...(unsupported.length === 0 ? {} : { unsupported }),
  };
}

function word(w: Ident, allowed: readonly string[], what: string, report: (d: Diagnostic) => void): string | undefined {
  if (allowed.includes(w.name)) return w.name;
  if (w.recovered !== true)
    report(
      makeDiagnostic("CP2023", w.span, {
        value: w.name,
        what,
        help: didYouMean(w.name, allowed) ?? `expected one of ${allowed.map((a) => `\`${a}\``).join(", ")}`,
      }),
    );
  return undefined;
}

type ItemChecker<T> = (
  item: SelectorItem,
  c: ConditionClause,
  side: Side,
  report: (d: Diagnostic) => void,
) => T[] | undefined;

/** Include and exclude lists of a condition, each item validated and normalised. */
function selectors<T>(
  c: ConditionClause | undefined,
  report: (d: Diagnostic) => void,
  one: ItemChecker<T>,
): { include: T[]; exclude: T[] } | undefined {
  if (c === undefined) return undefined;
  const side = (items: SelectorItem[], s: Side) => items.flatMap((item) => one(item, c, s, report) ?? []);
  return { include: side(c.include, "include"), exclude: side(c.exclude, "exclude") };
}

/** Client app types, risk levels and authentication flows take only an include list; `all` means not configured. */
function enumCondition<T extends string>(
  c: ConditionClause | undefined,
  allowed: readonly T[],
  report: (d: Diagnostic) => void,
  allowAll: boolean,
): T[] | undefined {
  if (c === undefined) return undefined;
  for (const item of c.exclude) invalidItem(item, c, [], report);
  if (allowAll && c.include.length === 1 && c.include[0]!.selector.name === "all" && c.include[0]!.values.length === 0)
    return undefined;
  return enumItems(c, c.include, allowed, report);
}

function deviceFilterOf(
  filter:
    | { kind: "TenetFilter"; condition: Expr }
    | { kind: "EntraFilter"; rule: { value: string; span: import("../source/span.js").Span } },
  ctx: AccessCheckContext,
): DeviceFilter | undefined {
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
    s === "compliant"
      ? { kind: "compare", property: "isCompliant", operator: "eq", value: true }
      : { kind: "compare", property: "trustType", operator: "eq", value: "ServerAD" },
  );
  if (parts.length === 0) return undefined;
  const ast = parts.reduce((left, right) => ({ kind: "or", left, right }));
  const rule = states
    .map((s) => (s === "compliant" ? "device.isCompliant -eq True" : 'device.trustType -eq "ServerAD"'))
    .join(" -or ");
  return { mode: "exclude", filter: { kind: "entra", rule, ast } };
}

function checkGrant(
  g: import("../ast/nodes.js").GrantClause,
  report: (d: Diagnostic) => void,
): CheckedAccess["grant"] | undefined {
  const names = g.controls.map((c) => c.name.name);
  if (names.includes("block")) {
    if (names.length > 1) report(makeDiagnostic("CP2048", g.span));
    return { kind: "block" };
  }
  const controls: GrantControl[] = [];
  for (const item of g.controls) {
    const n = item.name.name;
    if (!(GRANT_CONTROL_NAMES as readonly string[]).includes(n)) {
      if (item.name.recovered !== true)
        report(
          makeDiagnostic("CP2041", item.name.span, {
            name: n,
            help:
              didYouMean(n, [...GRANT_CONTROL_NAMES, "block"]) ??
              `controls are ${[...GRANT_CONTROL_NAMES, "block"].map((c) => `\`${c}\``).join(", ")}`,
          }),
        );
    } else if (n === "termsOfUse" || n === "authenticationStrength") {
      if (item.values.length === 0)
        report(makeDiagnostic("CP2041", item.name.span, { name: `${n} without an id`, help: `write \`${n} "id"\`` }));
      for (const v of item.values)
        if (!controls.some((c) => c.kind === n && c.id === v.value)) controls.push({ kind: n, id: v.value });
    } else if (item.values.length > 0) {
      report(
        makeDiagnostic("CP2023", item.values[0]!.span, {
          value: item.values[0]!.value,
          what: `value for \`${n}\``,
          help: `\`${n}\` takes no value`,
        }),
      );
    } else if (!controls.some((c) => c.kind === n))
      controls.push({ kind: n as Exclude<GrantControl["kind"], "termsOfUse" | "authenticationStrength"> });
  }
  if (controls.length === 0) return undefined;
  return { kind: "controls", operator: g.operator === "any" ? "OR" : "AND", controls };
}
