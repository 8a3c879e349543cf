import type { StageResult } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import type { EntraFilterExpr, EntraFilterOperator } from "./access-model.js";
import {
  ENTRA_BOOLEAN_PROPERTIES,
  ENTRA_FILTER_OPERATORS,
  ENTRA_FILTER_PROPERTIES,
} from "./entra-filter-properties.js";
import { parseFilterRule, type FilterDialect } from "./filter-rule.js";

export { ENTRA_FILTER_PROPERTIES };

const ENTRA: FilterDialect<EntraFilterOperator> = {
  operators: {
    eq: "eq",
    ne: "ne",
    startswith: "startsWith",
    notstartswith: "notStartsWith",
    endswith: "endsWith",
    notendswith: "notEndsWith",
    contains: "contains",
    notcontains: "notContains",
    in: "in",
    notin: "notIn",
  },
  properties: ENTRA_FILTER_OPERATORS,
  booleans: ENTRA_BOOLEAN_PROPERTIES,
  versions: new Set(),
  bareLogical: false,
  dollarNull: false,
  codes: { invalid: "CP2045", operator: "CP2046", property: "CP2047", operatorForProperty: "CP2050" },
  propertyHelp: `filters read ${ENTRA_FILTER_PROPERTIES.slice(0, 15).join(", ")} and extensionAttribute1 to 15`,
};

/**
 * Parses a device filter in Entra's rule syntax (`device.trustType -eq "AzureAD" -and ...`)
 * with Entra's precedence: comparison > `-not` > `-and` > `-or`. What Entra refuses is
 * refused here: unsupported operators (CP2046), unknown properties (CP2047), an operator a
 * property does not take (CP2050), anything else malformed (CP2045, with the column).
 */
export function parseEntraFilter(rule: string, span: Span): StageResult<EntraFilterExpr | undefined> {
  return parseFilterRule(rule, span, ENTRA) as StageResult<EntraFilterExpr | undefined>;
}
