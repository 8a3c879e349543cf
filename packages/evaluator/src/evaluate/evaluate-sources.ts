// evaluate: one-call helper (parse + check + compile + evaluate) for quick use.
import { loadPolicySources } from "@tenet/parser";
import type { Diagnostic } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import { evaluate } from "./evaluate.js";

/**
 * Loads policy sources with the checker, compiles them and evaluates one snapshot. `value`
 * is undefined when the policies have errors (listed in `diagnostics`). For many snapshots,
 * compile once with `compile` and call `evaluate`.
 */
export function evaluateSources(
  sources: { path: string; text: string }[],
  facts: unknown,
  options: EvaluateOptions,
): { value: DeviceResult | undefined; diagnostics: Diagnostic[] } {
  const loaded = loadPolicySources(sources);
  if (loaded.diagnostics.some((d) => d.severity === "error"))
    return { value: undefined, diagnostics: loaded.diagnostics };
  return { value: evaluate(compile(loaded.value), facts, options), diagnostics: loaded.diagnostics };
}
