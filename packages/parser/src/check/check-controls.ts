import type { ControlsClause } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { closest } from "../text/closest.js";
import type { ControlMapping } from "./checked.js";

/** Frameworks Tenet knows; others are accepted as an organisation's own unless they look like a typo of these. */
export const KNOWN_FRAMEWORKS = [
  "cis",
  "iso27001",
  "iso27002",
  "nist80053",
  "nist800171",
  "nistcsf",
  "soc2",
  "hipaa",
  "pcidss",
  "cmmc",
  "essential8",
  "gdpr",
  "nis2",
  "dora",
  "fedramp",
  "hitrust",
  "stig",
  "cyberessentials",
  "mitre",
] as const;

/** Collects `controls framework "id"` mappings, flagging a framework that is one typo away from a known one (CP2010). */
export function checkControls(clauses: ControlsClause[], report: (d: Diagnostic) => void): ControlMapping[] {
  const out: ControlMapping[] = [];
  for (const clause of clauses) {
    for (const ref of clause.controls) {
      const name = ref.framework.name;
      const known = (KNOWN_FRAMEWORKS as readonly string[]).includes(name);
      const guess = known ? undefined : closest(name, KNOWN_FRAMEWORKS);
      if (guess !== undefined && ref.framework.recovered !== true) {
        report(makeDiagnostic("CP2010", ref.framework.span, { name, help: `did you mean \`${guess}\`?` }));
        continue;
      }
      if (!out.some((c) => c.framework === name && c.id === ref.id.value))
        out.push({ framework: name, id: ref.id.value });
    }
  }
  return out;
}
