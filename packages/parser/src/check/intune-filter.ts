import type { StageResult } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import type { Platform } from "./checked.js";
import { parseFilterRule, type FilterDialect, type FilterRuleExpr } from "./filter-rule.js";
import { INTUNE_FILTER_PROPERTIES, type IntuneFilterOperator } from "./intune-filter-properties.js";

/** A parsed Intune assignment filter rule. */
export type IntuneFilterExpr = FilterRuleExpr<IntuneFilterOperator>;

const PROPERTIES = Object.fromEntries(Object.entries(INTUNE_FILTER_PROPERTIES).map(([name, p]) => [name, p.operators]));

const BASE: FilterDialect<IntuneFilterOperator> = {
  operators: {
    eq: "eq",
    ne: "ne",
    startswith: "startsWith",
    contains: "contains",
    notcontains: "notContains",
    in: "in",
    notin: "notIn",
    gt: "gt",
    ge: "ge",
    lt: "lt",
    le: "le",
  },
  properties: PROPERTIES,
  booleans: new Set(["isRooted"]),
  versions: new Set(["operatingSystemVersion"]),
  // Intune lists `-and | and`, `-or | or` as allowed spellings.
  bareLogical: true,
  dollarNull: true,
  codes: { invalid: "CP2070", operator: "CP2071", property: "CP2072", operatorForProperty: "CP2073" },
  propertyHelp: `assignment filters read ${Object.keys(INTUNE_FILTER_PROPERTIES).join(", ")}`,
};

/**
 * Parses an Intune assignment filter rule (`(device.deviceOwnership -eq "Corporate") and
 * (device.osVersion -startsWith "10.0.22")`). With a platform, a property Intune does not
 * offer on it is refused (CP2074).
 */
export function parseIntuneFilter(
  rule: string,
  span: Span,
  platform?: Platform,
): StageResult<IntuneFilterExpr | undefined> {
  if (platform === undefined) return parseFilterRule(rule, span, BASE);
  return parseFilterRule(rule, span, {
    ...BASE,
    unavailable: (property) => {
      const platforms = INTUNE_FILTER_PROPERTIES[property]!.platforms;
      if (platforms.includes(platform)) return undefined;
      return {
        code: "CP2074",
        args: {
          property,
          platform,
          help: `Intune offers \`device.${property}\` on ${platforms.map((p) => `\`${p}\``).join(", ")}`,
        },
      };
    },
  });
}
