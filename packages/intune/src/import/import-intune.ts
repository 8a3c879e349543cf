import { emptySpan, format, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { graphItems, propertyOffset } from "../graph-locations.js";
import { spanAt } from "../read-graph-json.js";
import { importCompliance, type ImportContext, type ImportedPolicy } from "./import-compliance.js";
import { importConditionalAccess } from "./import-conditional-access.js";
import { importAssignmentFilter } from "./assignment-filters.js";
import { kebab, NamePool } from "./names.js";
import { SETTINGS } from "./settings.js";

/** One imported policy: its Tenet name, Graph id and type, and the export file it came from. */
export interface ImportedPolicyInfo {
  name: string;
  id?: string;
  type: string;
  file: string;
}

/** What `importIntune` produced. */
export interface ImportResult {
  /** One `.tenet` file per export file, in the formatter's canonical style. */
  files: { path: string; text: string }[];
  diagnostics: Diagnostic[];
  stats: { policies: number; settingsImported: number; settingsSkipped: number };
  /** Every imported policy, in input order. */
  policies: ImportedPolicyInfo[];
}

/** One export file's objects (see `readGraphObjects`); `text` lets warnings point at lines. */
export interface ImportSource {
  file: string;
  objects: unknown[];
  text?: string;
}

const LEGACY = new Set([
  "androidCompliancePolicy",
  "windows81CompliancePolicy",
  "windowsPhone81CompliancePolicy",
  "windows10MobileCompliancePolicy",
  "androidForWorkCompliancePolicy",
]);
const FILTER = "deviceAndAppManagementAssignmentFilter";
const SUPPORTED = [...Object.keys(SETTINGS), "conditionalAccessPolicy", FILTER];

/** The Graph type of an object: `@odata.type`, or a Conditional Access policy recognised by its shape (CA exports often carry no type). */
export function graphType(o: Record<string, unknown>): string | undefined {
  const t = o["@odata.type"];
  if (typeof t === "string") return t.replace(/^#?microsoft\.graph\./, "");
  if ("conditions" in o && ("grantControls" in o || "sessionControls" in o)) return "conditionalAccessPolicy";
  return undefined;
}

/**
 * Converts Graph exports (compliance policies with their scheduled actions, and Conditional
 * Access policies) into formatted Tenet policy files, one per export file. Call it with one
 * file's objects and `{ file }`, or with several sources. Policy names are the kebab-case
 * display names, unique across the whole import.
 */
export function importIntune(objects: unknown[], options: { file: string; text?: string }): ImportResult;
export function importIntune(sources: ImportSource[]): ImportResult;
export function importIntune(first: unknown[], options?: { file: string; text?: string }): ImportResult {
  const sources: ImportSource[] =
    options === undefined
      ? (first as ImportSource[])
      : [{ file: options.file, objects: first, ...(options.text === undefined ? {} : { text: options.text }) }];
  const result: ImportResult = {
    files: [],
    diagnostics: [],
    stats: { policies: 0, settingsImported: 0, settingsSkipped: 0 },
    policies: [],
  };
  const names = new NamePool();
  const paths = new NamePool();
  // Assignment filters first, from every source: a policy's assignments name them by Graph id.
  const filterNames = new NamePool();
  const filters = new Map<string, string>();
  const filterName = new Map<unknown, string>();
  for (const { objects } of sources) {
    for (const o of objects) {
      if (o === null || typeof o !== "object" || graphType(o as Record<string, unknown>) !== FILTER) continue;
      const f = o as Record<string, unknown>;
      const name = filterNames.take(kebab(typeof f["displayName"] === "string" ? f["displayName"] : "", "filter"));
      filterName.set(o, name);
      if (typeof f["id"] === "string" && f["id"] !== "") filters.set(f["id"], name);
    }
  }
  for (const { file, objects, text } of sources) {
    const items = text === undefined ? [] : graphItems(text);
    const blocks: string[] = [];
    objects.forEach((o, index) => {
      const at = (property: string) => {
        const offset = text === undefined ? undefined : propertyOffset(text, items, index, property);
        return offset === undefined
          ? emptySpan(file)
          : spanAt(text!, file, offset, property.split(".").pop()!.length + 2);
      };
      const ctx: ImportContext = { diagnostics: result.diagnostics, at, filters };
      if (o === null || typeof o !== "object" || Array.isArray(o)) {
        result.diagnostics.push(
          makeDiagnostic(
            "CP5012",
            emptySpan(file),
            { type: `item ${index + 1} (not an object)` },
            { help: `supported types: ${SUPPORTED.join(", ")}` },
          ),
        );
        return;
      }
      const policy = o as Record<string, unknown>;
      const type = graphType(policy);
      if (type === undefined || !SUPPORTED.includes(type)) {
        const retired = LEGACY.has(type ?? "") ? "this legacy policy type is retired in Intune; " : "";
        const help = `${retired}supported types: ${SUPPORTED.join(", ")}`;
        const what = type === undefined ? `item ${index + 1} without @odata.type` : type;
        const span = at("@odata.type");
        result.diagnostics.push(makeDiagnostic("CP5012", span, { type: what }, { help }));
        return;
      }
      if (type === FILTER) {
        const block = importAssignmentFilter(policy, filterName.get(o)!, ctx);
        if (block !== undefined) blocks.push(block);
        return;
      }
      const isAccess = type === "conditionalAccessPolicy";
      const name = names.take(
        kebab(
          typeof policy["displayName"] === "string" ? policy["displayName"] : "",
          isAccess ? "access-policy" : "compliance-policy",
        ),
      );
      const imported: ImportedPolicy = isAccess
        ? importConditionalAccess(policy, name, ctx)
        : importCompliance(policy, type, name, ctx);
      blocks.push(imported.text);
      result.stats.policies++;
      result.stats.settingsImported += imported.imported;
      result.stats.settingsSkipped += imported.skipped;
      result.policies.push({
        name,
        type,
        file,
        ...(typeof policy["id"] === "string" && policy["id"] !== "" ? { id: policy["id"] } : {}),
      });
    });
    if (blocks.length === 0) continue;
    const base = file.replace(/^.*[\\/]/, "");
    // Two exports with one base name (a/x.json, b/x.json) get x.tenet and x-2.tenet.
    const path = `${paths.take(base.replace(/\.json$/i, ""))}.tenet`;
    const raw = `# Imported from ${base} by \`tenet import intune\`.\n\n${blocks.join("\n\n")}\n`;
    const formatted = format(raw, path);
    // The formatter only refuses text that does not parse: keep the raw text so the checker can say why.
    result.diagnostics.push(...formatted.diagnostics);
    result.files.push({
      path,
      text: formatted.diagnostics.some((d) => d.severity === "error") ? raw : formatted.value,
    });
  }
  return result;
}
