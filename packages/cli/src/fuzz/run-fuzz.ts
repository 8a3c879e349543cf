import { caseSeed, mutate, randomFrom } from "./mutate.js";
import type { FuzzTarget } from "./fuzz-targets.js";

/** A case that broke an invariant or threw: replay it with `pnpm fuzz --target T --seed S --case I`. */
export interface FuzzFailure {
  target: string;
  seed: number;
  case: number;
  error: string;
  input: Uint8Array;
}

/** One target's figures: cases tried, failures, and the slowest case (a hang shows here first). */
export interface FuzzReport {
  target: string;
  tried: number;
  failures: FuzzFailure[];
  slowest: { case: number; ms: number; bytes: number };
}

/** The input of case `i`: a seed input picked and mutated by that case's own random source. */
export function fuzzCase(target: FuzzTarget, seed: number, i: number): { input: Uint8Array; random: () => number } {
  const random = randomFrom(caseSeed(seed, target.name, i));
  const base = target.seeds[Math.floor(random() * target.seeds.length)]!;
  return { input: mutate(base, random, target.dictionary, target.seeds), random };
}

/**
 * Runs `cases` cases of a target (or until `budgetMs` has passed), each seeded from `seed` and
 * its number, and reports every throw as a reproducible failure.
 */
export async function runFuzz(
  target: FuzzTarget,
  options: { seed: number; cases: number; budgetMs?: number; only?: number },
): Promise<FuzzReport> {
  const report: FuzzReport = { target: target.name, tried: 0, failures: [], slowest: { case: -1, ms: 0, bytes: 0 } };
  const started = Date.now();
  const first = options.only ?? 0;
  const last = options.only ?? options.cases - 1;
  for (let i = first; i <= last; i++) {
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
    const { input, random } = fuzzCase(target, options.seed, i);
    const t0 = performance.now();
    try {
      await target.run(input, random);
    } catch (error) {
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
      report.failures.push({ target: target.name, seed: options.seed, case: i, error: message, input });
    }
    const ms = performance.now() - t0;
    if (ms > report.slowest.ms) report.slowest = { case: i, ms, bytes: input.length };
    report.tried++;
  }
  return report;
}
