// @tenet/intune: Microsoft Intune / Entra interop: Graph JSON import and export, Intune-mode summaries.
export { readGraphObjects } from "./read-graph-json.js";
export type { GraphObjects } from "./read-graph-json.js";
export { importIntune } from "./import/import-intune.js";
export type { ImportResult, ImportSource, ImportedPolicyInfo } from "./import/import-intune.js";
export { exportIntune } from "./export/export-intune.js";
export { intuneComplianceSummary } from "./intune-summary.js";
export type { IntuneAction, IntuneComplianceSummary, SummaryOptions } from "./intune-summary.js";
export { accessSummary } from "./intune-access-summary.js";
export type { IntuneAccessSummary } from "./intune-access-summary.js";
export { evaluateIntune } from "./evaluate-intune.js";
export type { IntuneModeInput } from "./evaluate-intune.js";
