import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzTargets } from "./fuzz-targets.js";
import { fuzzCase, runFuzz } from "./run-fuzz.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const targets = fuzzTargets(ROOT);
afterAll(() => targets.forEach((t) => t.close()));

/** A fixed seed and case count: the same inputs on every run; `pnpm fuzz` runs long and with fresh seeds. */
const SEED = 20261204;
const CASES: Record<string, number> = { policy: 150, snapshot: 120, audit: 400 };

describe("bounded fuzzing (pnpm fuzz for the long run)", () => {
  it.each(targets.map((t) => [t.name, t] as const))(
    "%s: no case throws or breaks an invariant",
    async (name, target) => {
      const report = await runFuzz(target, { seed: SEED, cases: CASES[name]! });
      expect(report.tried).toBe(CASES[name]);
      expect(
        report.failures.map((f) => `pnpm fuzz --target ${f.target} --seed ${f.seed} --case ${f.case}: ${f.error}`),
      ).toEqual([]);
    },
  );

  it("a case replays alone to the same input", () => {
    const target = targets[0]!;
    expect(Buffer.from(fuzzCase(target, SEED, 42).input)).toEqual(Buffer.from(fuzzCase(target, SEED, 42).input));
    expect(Buffer.from(fuzzCase(target, SEED, 42).input)).not.toEqual(Buffer.from(fuzzCase(target, SEED, 43).input));
  });
});
