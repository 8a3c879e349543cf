import { loadPolicySources, type FactSchema } from "@tenet/parser";
import { compile, type CompiledPolicySet } from "@tenet/evaluator";
import { mutantsOf, type Mutant, type PolicySource } from "./mutate.js";

/** How many mutants of a policy set the tests caught, and the ones they did not. */
export interface MutationReport {
  mutants: number;
  killed: number;
  /** Mutants that no longer check (none today; kept honest rather than counted as killed). */
  invalid: number;
  survivors: Mutant[];
}

/**
 * Mutation testing of policies: run the suite (`passes` returns whether every test passes)
 * against each mutant of `sources`; a mutant the suite still passes on is a survivor, a
 * comparison or bound that no test pins down.
 */
export function mutationReport(
  sources: PolicySource[],
  passes: (compiled: CompiledPolicySet) => boolean,
  options: { schemas?: { device?: FactSchema; signIn?: FactSchema } } = {},
): MutationReport {
  const report: MutationReport = { mutants: 0, killed: 0, invalid: 0, survivors: [] };
  for (const mutant of mutantsOf(sources)) {
    report.mutants++;
    const loaded = loadPolicySources(mutant.sources, options);
    if (loaded.diagnostics.some((d) => d.severity === "error")) {
      report.invalid++;
      continue;
    }
    if (passes(compile(loaded.value))) report.survivors.push(mutant);
    else report.killed++;
  }
  return report;
}

/** One line per surviving mutant: `file:line:column where: change`. */
export function describeSurvivors(report: MutationReport): string[] {
  return report.survivors.map((m) => `${m.file}:${m.line}:${m.column} ${m.where}: ${m.change}`);
}
