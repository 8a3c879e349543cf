import { makeDiagnostic, type Diagnostic, type Span } from "@tenet/parser";
import { q } from "./names.js";
import { scheduleOf } from "./scheduled-actions.js";
import { isAnnotation } from "./annotations.js";
import { normaliseValue } from "./normalise-value.js";
import { reportedDescription } from "./reported-settings.js";
import { importAssignments } from "./assignments.js";
import { METADATA, notConfigured, PLATFORM_OF, SETTINGS } from "./settings.js";

/** One imported policy: its Tenet text and how many settings were carried over or not. */
export interface ImportedPolicy {
  text: string;
  imported: number;
  skipped: number;
}

/** Where an import writes its warnings, and where a property of the policy sits in the export. */
export interface ImportContext {
  diagnostics: Diagnostic[];
  /** The span of a (dotted) property of the policy being imported, or of its file. */
  at(property: string): Span;
  /** Tenet names of the assignment filters in the import, by Graph id. */
  filters?: ReadonlyMap<string, string>;
}

/**
 * One Graph compliance policy as a `compliance` block: each configured setting becomes one
 * rule named after its Graph property. Settings Tenet cannot express are warnings (CP5013)
 * naming the property, never dropped silently.
 */
export function importCompliance(
  policy: Record<string, unknown>,
  type: string,
  name: string,
  ctx: ImportContext,
): ImportedPolicy {
  const mappings = SETTINGS[type]!;
  const displayName = typeof policy["displayName"] === "string" ? policy["displayName"] : name;
  const lines: string[] = [];
  if (typeof policy["id"] === "string" && policy["id"] !== "")
    lines.push(`# Intune policy id ${policy["id"].replace(/\s+/g, " ")}`);
  lines.push(`compliance ${name} ${q(displayName)} {`);
  if (typeof policy["description"] === "string" && policy["description"] !== "")
    lines.push(`  description ${q(policy["description"])}`);
  lines.push(`  platform ${PLATFORM_OF[type]}`);
  lines.push(...importAssignments(policy, displayName, ctx.filters ?? new Map(), ctx).map((l) => `  ${l}`));
  let imported = 0;
  let skipped = 0;
  const skip = (property: string) => {
    skipped++;
    ctx.diagnostics.push(makeDiagnostic("CP5013", ctx.at(property), { property, policy: displayName }));
  };
  for (const [property, raw] of Object.entries(policy)) {
    if (isAnnotation(property) || METADATA.has(property) || notConfigured(raw)) continue;
    const mapping = mappings.find((m) => m.property === property);
    const read = normaliseValue(raw, mapping, PLATFORM_OF[type]!);
    if ("refused" in read) {
      skipped++;
      ctx.diagnostics.push(
        makeDiagnostic(
          "CP5033",
          ctx.at(property),
          { property, policy: displayName, value: read.refused, kind: read.kind },
          {
            help: "fix the value in Intune or in the export; the setting was left out, so the imported policy is weaker than Intune's",
          },
        ),
      );
      continue;
    }
    for (const n of read.notes)
      ctx.diagnostics.push(makeDiagnostic("CP5032", ctx.at(property), { property, policy: displayName, ...n }));
    const value = read.value;
    if (notConfigured(value) || (mapping?.unset !== undefined && value === mapping.unset)) continue;
    if (mapping?.configured?.(policy) === false) continue;
    const condition = mapping?.condition(value, policy);
    if (mapping === undefined || condition === undefined) {
      skip(property);
      continue;
    }
    imported++;
    lines.push("", `  rule ${property} ${q(mapping.title)} {`);
    if (mapping.reported === true) lines.push(`    description ${q(reportedDescription(property, value))}`);
    lines.push(
      `    require ${condition}`,
      `    severity ${mapping.severity}`,
      `    remediation ${q(mapping.remediation)}`,
      "  }",
    );
  }
  if (imported === 0) {
    const reason =
      skipped === 0 ? "no setting is configured" : `none of its ${skipped} configured settings could be carried over`;
    ctx.diagnostics.push(makeDiagnostic("CP5031", ctx.at("displayName"), { policy: displayName, reason }));
  }
  const schedule = scheduleOf(policy, PLATFORM_OF[type]!);
  schedule.skipped.forEach(skip);
  if (schedule.steps.length > 0) lines.push("", "  on noncompliant {", ...schedule.steps.map((s) => `    ${s}`), "  }");
  lines.push("}");
  return { text: lines.join("\n"), imported, skipped };
}
