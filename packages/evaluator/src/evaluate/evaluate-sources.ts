// evaluate: one-call helper (parse + check + compile + evaluate) for quick use.
import * as parser from "@tenet/parser";
import type { CheckedPolicySet, Diagnostic, StageResult } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import { evaluate } from "./evaluate.js";

type LoadPolicySources = (sources: { path: string; text: string }[]) => StageResult<CheckedPolicySet>;

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
  // TODO(evaluator): import `loadPolicySources` directly once the checker exports it.
  const load = (parser as Record<string, unknown>)["loadPolicySources"] as LoadPolicySources | undefined;
  if (typeof load !== "function") throw new Error("internal error: @tenet/parser does not export `loadPolicySources` yet");
  const loaded = load(sources);
  if (loaded.diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics: loaded.diagnostics };
  return { value: evaluate(compile(loaded.value), facts, options), diagnostics: loaded.diagnostics };
}
