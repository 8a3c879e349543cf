import { makeDiagnostic, type CheckedPolicySet, type Diagnostic } from "@tenet/parser";
import { exportAccess } from "./export-access.js";
import { exportCompliance } from "./export-compliance.js";
import { exportAssignmentFilter } from "./assignments.js";

/**
 * Writes Graph JSON for everything Intune can express: compliance rules whose expressions
 * are Graph settings (see `exportCompliance`) and access policies. Whatever Intune
 * cannot express is named in a warning (CP5014), never dropped silently. Compliance
 * policies carry `@odata.type`; Conditional Access policies do not, as Graph lists them.
 * Compliance policies carry their `assignments`; assignment filters follow the policies.
 */
export function exportIntune(set: CheckedPolicySet): { objects: Record<string, unknown>[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const objects: Record<string, unknown>[] = [];
  for (const policy of set.compliance) {
    const exported = exportCompliance(policy, set, diagnostics);
    if (exported !== undefined) objects.push(exported);
  }
  for (const policy of set.access) {
    // Exporting what is left would widen the policy: the parts it marks were never carried over.
    if (policy.unsupported !== undefined)
      diagnostics.push(
        makeDiagnostic("CP5014", policy.decl.name.span, {
          what: `the policy (it holds parts Tenet could not import: ${policy.unsupported.join("; ")})`,
          policy: policy.name,
        }),
      );
    else objects.push(exportAccess(policy, diagnostics));
  }
  for (const filter of set.filters ?? []) objects.push(exportAssignmentFilter(filter));
  for (const waiver of set.waivers)
    diagnostics.push(makeDiagnostic("CP5014", waiver.decl.name.span, { what: "the waiver", policy: waiver.name }));
  return { objects, diagnostics };
}
