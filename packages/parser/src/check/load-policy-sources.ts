import type { PolicyFile } from "../ast/nodes.js";
import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { parse } from "../parser/parse.js";
import { capDiagnostics } from "../diagnostics/cap-diagnostics.js";
import { check, type CheckOptions } from "./check.js";
import type { CheckedPolicySet } from "./checked.js";

/** Parses and checks policy sources in one call: what the CLI and library users need most. */
export function loadPolicySources(
  sources: { path: string; text: string }[],
  options: Omit<CheckOptions, "sources"> = {},
): StageResult<CheckedPolicySet> {
  const diagnostics: Diagnostic[] = [];
  const files: PolicyFile[] = sources.map((s) => {
    const parsed = parse(s.text, s.path);
    for (const d of parsed.diagnostics) diagnostics.push(d);
    return parsed.value;
  });
  const checked = check(files, { ...options, sources: new Map(sources.map((s) => [s.path, s.text])) });
  for (const d of checked.diagnostics) diagnostics.push(d);
  return { value: checked.value, diagnostics: capDiagnostics(diagnostics) };
}
