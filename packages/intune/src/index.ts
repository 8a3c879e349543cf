// @tenet/intune: Microsoft Intune / Entra interop: Graph JSON import and export, Intune-mode summaries.
export { decodeExport, readGraphObjects, spanAt } from "./read-graph-json.js";
export type { GraphObjects } from "./read-graph-json.js";
export { importIntune, graphType } from "./import/import-intune.js";
export type { ImportResult, ImportSource, ImportedPolicyInfo } from "./import/import-intune.js";
export { SETTINGS, PLATFORM_OF, notConfigured } from "./import/settings.js";
export type { SettingMapping } from "./import/settings.js";
export { exportIntune } from "./export/export-intune.js";
export { intuneComplianceSummary } from "./intune-summary.js";
export type { IntuneAction, IntuneComplianceSummary, SummaryOptions } from "./intune-summary.js";
export { evaluateIntune } from "./evaluate-intune.js";
export type { IntuneModeInput } from "./evaluate-intune.js";
