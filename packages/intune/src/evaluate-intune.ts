import { loadPolicySources, type Diagnostic } from "@tenet/parser";
import { compile, evaluate, type TenantSettings } from "@tenet/evaluator";
import { importIntune } from "./import/import-intune.js";
import { intuneComplianceSummary, type IntuneComplianceSummary } from "./intune-summary.js";

/**
 * Intune mode in one call: Graph-format policies (imported in memory), a Graph-format
 * device, tenant settings and `now` in; the Intune summary out. Graph policy ids are kept
 * as policy names in the summary when present.
 */
export function evaluateIntune(input: { policies: Record<string, unknown>[]; device: unknown; tenant?: TenantSettings; now: string }): { value?: IntuneComplianceSummary; diagnostics: Diagnostic[] } {
  const imported = importIntune([{ file: "policies.json", objects: input.policies }]);
  const loaded = loadPolicySources(imported.files);
  const diagnostics = [...imported.diagnostics, ...loaded.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const result = evaluate(compile(loaded.value), input.device, { now: input.now, ...(input.tenant === undefined ? {} : { tenant: input.tenant }) });
  return { value: intuneComplianceSummary(result), diagnostics };
}
