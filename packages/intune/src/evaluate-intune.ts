import { loadPolicySources, parseInstant, type Diagnostic, type Instant } from "@tenet/parser";
import { compile, prepare, type TenantSettings } from "@tenet/evaluator";
import { graphType, importIntune } from "./import/import-intune.js";
import { intuneComplianceSummary, type IntuneComplianceSummary } from "./intune-summary.js";

/** Intune mode's inputs (docs/intune-mode.md §1). */
export interface IntuneModeInput {
  /** Graph compliance policy objects, exactly the set assigned to the device. */
  policies: unknown[];
  /** The Graph `managedDevice` snapshot with Tenet's extensions. */
  device: unknown;
  tenant?: TenantSettings;
  /** The evaluation instant: an `Instant`, or ISO-8601 text (a time without a zone is UTC). */
  now: Instant | string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Re-keys a per-policy map from Graph ids to Tenet names (keys that are already names stay). */
function byName<T>(map: unknown, nameOf: Map<string, string>): Record<string, T> | undefined {
  if (!isObject(map)) return undefined;
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [nameOf.get(key) ?? key, value as T]));
}

/**
 * Intune mode in one call: Graph-format compliance policies (imported in memory), a Graph
 * device snapshot, tenant settings and `now` in; the §4.1 summary out. Policies are named
 * by their Graph `id` when they have one, in the summary and in the device's
 * `noncompliantSince`, `pendingPolicies` and `settingErrors` (Tenet names are accepted too).
 * Conditional Access objects in `policies` are ignored here (they need a sign-in). An
 * invalid `now` is diagnostic CP5007.
 */
export function evaluateIntune(input: IntuneModeInput): { value?: IntuneComplianceSummary; diagnostics: Diagnostic[] } {
  const now = parseInstant(input.now, { option: "now" });
  if (now.value === undefined) return { diagnostics: now.diagnostics };
  const compliance = input.policies.filter((p) => !(isObject(p) && graphType(p) === "conditionalAccessPolicy"));
  const imported = importIntune(compliance, { file: "policies.json" });
  const loaded = loadPolicySources(imported.files);
  const diagnostics = [...imported.diagnostics, ...loaded.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const policyIds: Record<string, string> = {};
  const nameOf = new Map<string, string>();
  for (const p of imported.policies) {
    if (p.id === undefined) continue;
    policyIds[p.name] = p.id;
    nameOf.set(p.id, p.name);
  }
  let device = input.device;
  if (isObject(device) && nameOf.size > 0) {
    const d: Json = { ...device };
    const since = byName<string>(d["noncompliantSince"], nameOf);
    const errors = byName<Record<string, string>>(d["settingErrors"], nameOf);
    if (since !== undefined) d["noncompliantSince"] = since;
    if (errors !== undefined) d["settingErrors"] = errors;
    if (Array.isArray(d["pendingPolicies"]))
      d["pendingPolicies"] = d["pendingPolicies"].map((id) => (typeof id === "string" ? (nameOf.get(id) ?? id) : id));
    device = d;
  }
  const prepared = prepare(compile(loaded.value), {
    now: now.value,
    explain: false,
    ...(input.tenant === undefined ? {} : { tenant: input.tenant }),
  });
  const result = prepared.evaluate(device);
  return { value: intuneComplianceSummary(result, { policyIds }), diagnostics };
}
