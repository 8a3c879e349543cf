/** Helpers for @tenet/testing's own tests: compile policy text, fail loudly on diagnostics. */
import { loadPolicySources } from "@tenet/parser";
import { compile, type CompiledPolicySet } from "@tenet/evaluator";

export const NOW = "2026-11-25T12:00:00Z";
export const NOW_MS = Date.parse(NOW);
export const DAY = 86_400_000;

/** Parse, check and compile policy source; throws with the diagnostics if it has errors. */
export function compilePolicies(text: string, path = "test.tenet"): CompiledPolicySet {
  const loaded = loadPolicySources([{ path, text }]);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("\n"));
  return compile(loaded.value);
}

/** Print the seed of a property run so a failure in CI can be replayed. */
export function seeded(name: string, seed: number, runs: number): { seed: number; numRuns: number } {
  console.log(`${name}: ${runs} runs, seed ${seed}`);
  return { seed, numRuns: runs };
}
