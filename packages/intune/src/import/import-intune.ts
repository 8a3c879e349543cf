import { emptySpan, format, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { importCompliance } from "./import-compliance.js";
import { importConditionalAccess } from "./import-conditional-access.js";
import { kebab, NamePool } from "./names.js";
import { SETTINGS } from "./settings.js";
import { locate } from "../read-graph-json.js";

export interface ImportResult {
  /** One `.tenet` file per source file, formatted. */
  files: { path: string; text: string }[];
  diagnostics: Diagnostic[];
  stats: { policies: number; settingsImported: number; settingsSkipped: number };
}

const LEGACY = ["androidCompliancePolicy", "windows81CompliancePolicy", "windowsPhone81CompliancePolicy", "windows10MobileCompliancePolicy", "androidForWorkCompliancePolicy"];

/** The Graph type of an object: `@odata.type`, or a conditional access policy recognised by its shape. */
export function graphType(o: Record<string, unknown>): string | undefined {
  const t = o["@odata.type"];
  if (typeof t === "string") return t.replace(/^#?microsoft\.graph\./, "");
  if ("conditions" in o && ("grantControls" in o || "sessionControls" in o)) return "conditionalAccessPolicy";
  return undefined;
}

/**
 * Converts Graph exports (compliance policies and Conditional Access policies) into Tenet
 * policy files. `sources` are already-read objects per file (see `readGraphObjects`).
 */
export function importIntune(sources: { file: string; objects: Record<string, unknown>[]; text?: string }[]): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const names = new NamePool();
  const stats = { policies: 0, settingsImported: 0, settingsSkipped: 0 };
  const files: ImportResult["files"] = [];
  for (const { file, objects, text } of sources) {
    const blocks: string[] = [];
    for (const o of objects) {
      const type = graphType(o);
      const fallback = type === "conditionalAccessPolicy" ? "access-policy" : "compliance-policy";
      const name = names.take(kebab(typeof o["displayName"] === "string" ? o["displayName"] : "", fallback));
      if (type === "conditionalAccessPolicy") {
        blocks.push(importConditionalAccess(o, name));
        stats.policies++;
      } else if (type !== undefined && SETTINGS[type] !== undefined) {
        const imported = importCompliance(o, type, name, file, diagnostics, text);
        blocks.push(imported.text);
        stats.policies++;
        stats.settingsImported += imported.imported;
        stats.settingsSkipped += imported.skipped;
      } else {
        const help = `${LEGACY.includes(type ?? "") ? "this legacy policy type is retired in Intune; " : ""}supported types: ${[...Object.keys(SETTINGS), "conditionalAccessPolicy"].join(", ")}`;
        diagnostics.push(makeDiagnostic("CP5012", typeof o["@odata.type"] === "string" ? locate(text, file, String(o["displayName"] ?? ""), "@odata.type") : emptySpan(file), { type: type ?? "an object without @odata.type", help }));
      }
    }
    if (blocks.length === 0) continue;
    const raw = `# Imported from ${file.split(/[\\/]/).pop()} by \`tenet import intune\`.\n\n${blocks.join("\n\n")}\n`;
    const path = `${file.replace(/^.*[\\/]/, "").replace(/\.json$/i, "")}.tenet`;
    const formatted = format(raw, path);
    diagnostics.push(...formatted.diagnostics);
    files.push({ path, text: formatted.value });
  }
  return { files, diagnostics, stats };
}
