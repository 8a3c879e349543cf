import type { ConditionClause, SelectorItem } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { AppSelector, GuestType, LocationSelector, UserSelector } from "./access-model.js";
import { GUEST_TYPES } from "./access-vocabulary.js";

type Report = (d: Diagnostic) => void;
/** Which side of the condition an item is on: Entra refuses `all`/`none` as an exclusion. */
export type Side = "include" | "exclude";

const USER_ITEMS = ["all", "none", "user", "group", "role", "guests"];
const APP_ITEMS = ["all", "none", "app", "suite", "action", "context"];
const LOCATION_ITEMS = ["all", "trusted", "location", "country"];
const USER_ACTIONS = ["registerSecurityInfo", "registerDevice"] as const;

/** Reports CP2040 for an item a condition does not take; `help` defaults to a guess or the list of items. */
export function invalidItem(
  item: SelectorItem,
  c: ConditionClause,
  allowed: readonly string[],
  report: Report,
  help?: string,
  name = item.selector.name,
): undefined {
  const fallback =
    allowed.length === 0
      ? `\`${c.condition.name}\` takes only an include list`
      : `\`${c.condition.name}\` takes ${allowed.map((a) => `\`${a}\``).join(", ")}`;
  report(
    makeDiagnostic("CP2040", item.span, {
      item: name,
      condition: c.condition.name,
      help: help ?? didYouMean(name, allowed) ?? fallback,
    }),
  );
  return undefined;
}

function values(item: SelectorItem): string[] {
  return item.values.map((v) => (v.kind === "String" ? v.value : v.name));
}

/** `group "a", "b"` expands to one selector per id; an id-taking item without ids is refused. */
function withIds<T>(item: SelectorItem, c: ConditionClause, report: Report, make: (id: string) => T): T[] | undefined {
  const vs = values(item);
  return vs.length > 0 ? vs.map(make) : missingIds(item, c, report);
}

function missingIds(item: SelectorItem, c: ConditionClause, report: Report): undefined {
  return invalidItem(
    item,
    c,
    [],
    report,
    `write \`${item.selector.name} "value"\``,
    `${item.selector.name} without a value`,
  );
}

/** `all` and `none` need no values and cannot be excluded. */
function bare(item: SelectorItem, c: ConditionClause, side: Side, report: Report): boolean {
  if (side === "exclude")
    return invalidItem(item, c, [], report, `\`${item.selector.name}\` can only be included`) ?? false;
  if (item.values.length > 0)
    return invalidItem(item, c, [], report, `\`${item.selector.name}\` takes no values`) ?? false;
  return true;
}

export function userItem(
  item: SelectorItem,
  c: ConditionClause,
  side: Side,
  report: Report,
): UserSelector[] | undefined {
  const s = item.selector.name;
  if (s === "all" || s === "none") return bare(item, c, side, report) ? [{ kind: s }] : undefined;
  if (s === "user" || s === "group" || s === "role") return withIds(item, c, report, (id) => ({ kind: s, id }));
  if (s === "guests") {
    const vs = values(item);
    const bad = vs.find((v) => !(GUEST_TYPES as readonly string[]).includes(v));
    if (bad !== undefined)
      return invalidItem(
        item,
        c,
        GUEST_TYPES,
        report,
        didYouMean(bad, GUEST_TYPES) ?? `guest types are ${GUEST_TYPES.map((g) => `\`${g}\``).join(", ")}`,
        `guests "${bad}"`,
      );
    return [{ kind: "guests", types: vs as GuestType[] }];
  }
  return invalidItem(item, c, USER_ITEMS, report);
}

export function appItem(item: SelectorItem, c: ConditionClause, side: Side, report: Report): AppSelector[] | undefined {
  const s = item.selector.name;
  if (s === "all" || s === "none") return bare(item, c, side, report) ? [{ kind: s }] : undefined;
  if (s === "app") return withIds(item, c, report, (id) => ({ kind: "app", id }));
  if (s === "suite") return withIds(item, c, report, (name) => ({ kind: "suite", name }));
  if (s === "context") return withIds(item, c, report, (id) => ({ kind: "context", id }));
  if (s === "action") {
    const vs = values(item);
    if (vs.length === 0) return missingIds(item, c, report);
    const bad = vs.find((v) => !(USER_ACTIONS as readonly string[]).includes(v));
    if (bad !== undefined)
      return invalidItem(
        item,
        c,
        USER_ACTIONS,
        report,
        didYouMean(bad, USER_ACTIONS) ?? `user actions are \`"registerSecurityInfo"\`, \`"registerDevice"\``,
        `action "${bad}"`,
      );
    return vs.map((action) => ({ kind: "action", action: action as (typeof USER_ACTIONS)[number] }));
  }
  return invalidItem(item, c, APP_ITEMS, report);
}

export function locationItem(
  item: SelectorItem,
  c: ConditionClause,
  side: Side,
  report: Report,
): LocationSelector[] | undefined {
  const s = item.selector.name;
  if (s === "all") return bare(item, c, side, report) ? [{ kind: "all" }] : undefined;
  if (s === "trusted")
    return item.values.length === 0
      ? [{ kind: "trusted" }]
      : invalidItem(item, c, [], report, "`trusted` takes no values");
  if (s === "location") return withIds(item, c, report, (id) => ({ kind: "location", id }));
  if (s === "country") {
    const vs = values(item);
    if (vs.length === 0) return missingIds(item, c, report);
    const bad = vs.find((v) => !/^[A-Z]{2}$/.test(v));
    if (bad !== undefined)
      return invalidItem(
        item,
        c,
        [],
        report,
        'countries are ISO 3166 two-letter codes in capitals, e.g. `country "DE", "FR"`',
        `country "${bad}"`,
      );
    return vs.map((code) => ({ kind: "country", code }));
  }
  return invalidItem(item, c, LOCATION_ITEMS, report);
}

/** Items that are plain words from a fixed list (platforms, client app types, risk levels). */
export function enumItems<T extends string>(
  c: ConditionClause,
  items: SelectorItem[],
  allowed: readonly T[],
  report: Report,
): T[] {
  return items.flatMap((item) => {
    if (!(allowed as readonly string[]).includes(item.selector.name))
      return invalidItem(item, c, allowed, report) ?? [];
    if (item.values.length > 0)
      return invalidItem(item, c, allowed, report, `\`${item.selector.name}\` takes no values`) ?? [];
    return [item.selector.name as T];
  });
}
