// @tenet/parser: source text -> tokens -> AST -> checked AST, diagnostics and formatter.
export type { Position, Span } from "./source/span.js";
export { emptySpan } from "./source/span.js";
export { jsonErrorOffset, scanJson } from "./source/json-scan.js";
export type { Diagnostic, DiagnosticCode, Severity, StageResult } from "./diagnostics/diagnostic.js";
export type { CatalogEntry, CatalogCode } from "./diagnostics/codes.js";
export { CATALOG } from "./diagnostics/codes.js";
export { makeDiagnostic } from "./diagnostics/make-diagnostic.js";
export { renderDiagnostics, diagnosticsToJson } from "./diagnostics/render.js";
export type { RenderOptions } from "./diagnostics/render.js";
export { Instant, parseInstant } from "./time/instant.js";
export type { InstantSource } from "./time/instant.js";
export { DAY_MS, hasZone, parseDateDays, parseDateTime } from "./time/datetime.js";
export { parse } from "./parser/parse.js";
export { grammarDiagramsHtml } from "./parser/diagrams.js";
export { print } from "./format/print.js";
export { printExpr } from "./format/print-expr.js";
export { format } from "./format/format.js";
export { closestOf, didYouMean } from "./text/closest.js";
export { terminalText } from "./text/terminal-text.js";
export { placeholderText } from "./text/placeholders.js";
export type * from "./ast/nodes.js";
export type { FactType } from "./check/fact-type.js";
export { describeType } from "./check/fact-type.js";
export { comparisonType, elementType, FLIP, isLiteral, resolveLet, typeOf, unparen } from "./check/checked-expr.js";
export type {
  ActionType,
  AssignmentTarget,
  CheckedAssignment,
  CheckedFilter,
  CheckedCompliance,
  CheckedPolicySet,
  CheckedRule,
  CheckedWaiver,
  ControlMapping,
  Enforcement,
  Platform,
  RuleSeverity,
  ScheduledAction,
  UnknownOutcome,
} from "./check/checked.js";
export type {
  AppSelector,
  AuthenticationFlow,
  CheckedAccess,
  ClientAppType,
  DeviceFilter,
  DevicePlatform,
  EntraFilterExpr,
  EntraFilterOperator,
  Grant,
  GrantControl,
  GuestType,
  LocationSelector,
  RiskLevel,
  SessionControls,
  UserSelector,
} from "./check/access-model.js";
export {
  AUTHENTICATION_FLOWS,
  CLIENT_APP_TYPES,
  DEVICE_PLATFORMS,
  GRANT_CONTROL_NAMES,
  GUEST_TYPES,
  RISK_LEVELS,
  type GrantControlName,
} from "./check/access-vocabulary.js";
export type { FactSchema } from "./schema/fact-schema.js";
export { builtinSchema, builtinSchemas, loadFactSchema, typeOfSchema } from "./schema/load-fact-schema.js";
export { nullableSchema } from "./schema/nullable-schema.js";
export { check } from "./check/check.js";
export type { CheckOptions } from "./check/check.js";
export { loadPolicySources } from "./check/load-policy-sources.js";
export { parseEntraFilter } from "./check/entra-filter.js";
export { parseIntuneFilter } from "./check/intune-filter.js";
export type { IntuneFilterExpr } from "./check/intune-filter.js";
export { INTUNE_FILTER_PROPERTIES } from "./check/intune-filter-properties.js";
export type { IntuneFilterOperator } from "./check/intune-filter-properties.js";
export type { FilterRuleExpr, FilterRuleValue } from "./check/filter-rule.js";
