import { Command } from "commander";
import fc from "fast-check";
import { builtinSchema, renderDiagnostics } from "@tenet/parser";
import { compile, evaluate, type CompiledPolicySet } from "@tenet/evaluator";
import { arbitrarySnapshot } from "@tenet/testing";
import { nowOption, tenantOption } from "../common-options.js";
import { EXIT } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { loadPolicies } from "../policies/load-policies.js";

/** A device the policies accept; anything else (grace period included) means it now fails something. */
const OK = new Set(["compliant"]);

export function diffCommand(): Command {
  return new Command("diff")
    .description("what a policy change does: devices whose state changes between two policy versions, with a generated witness for each direction")
    .argument("<old>", "the current policy file or directory")
    .argument("<new>", "the proposed policy file or directory")
    .option("--fleet <file>", "device snapshots to compare on (NDJSON, JSON, YAML, directory)")
    .option("--now <instant>", "evaluation instant, ISO-8601 UTC")
    .option("--tenant <file>", "tenant settings JSON")
    .option("--seed <n>", "seed for generated witnesses", "1")
    .addHelpText("after", "\nExample:\n  $ tenet diff policies-main/ policies/ --fleet examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z\n\nExit codes: 0 compared (changes are reported, not failures), 2 usage or input error, 3 policy errors.")
    .action(async (oldPath: string, newPath: string, options: { fleet?: string; now?: string; tenant?: string; seed: string }) => {
      const now = nowOption(options.now);
      const tenant = tenantOption(options.tenant);
      const [before, after] = [loadPolicies([oldPath], { now: now.ms }), loadPolicies([newPath], { now: now.ms })];
      for (const loaded of [before, after]) if (loaded.diagnostics.some((d) => d.severity === "error")) process.stderr.write(renderDiagnostics(loaded.diagnostics, (f) => loaded.sources.get(f)));
      if (before.hasErrors || after.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const [a, b] = [compile(before.set), compile(after.set)];
      const opts = { now: now.iso, explain: false, ...(tenant === undefined ? {} : { tenant }) };
      const state = (c: CompiledPolicySet, d: unknown) => evaluate(c, d, opts).state;
      const directions = { tightened: 0, loosened: 0, other: 0 };
      let inputErrors = 0;
      if (options.fleet !== undefined) {
        for await (const record of readSnapshots(expandPaths([options.fleet]))) {
          if (record.error !== undefined || record.value === undefined) {
            inputErrors++;
            continue;
          }
          const [x, y] = [state(a, record.value), state(b, record.value)];
          if (x === y) continue;
          const kind = OK.has(x) && !OK.has(y) ? "tightened" : !OK.has(x) && OK.has(y) ? "loosened" : "other";
          directions[kind]++;
          const name = (record.value as Record<string, unknown>)["deviceName"] ?? (record.value as Record<string, unknown>)["id"] ?? `#${record.index + 1}`;
          process.stdout.write(`${String(name)}: ${x} -> ${y}\n`);
        }
        process.stdout.write(`\n${directions.tightened} devices stop being compliant, ${directions.loosened} become compliant, ${directions.other} change otherwise\n`);
      }
      const seed = Number(options.seed);
      const arb = arbitrarySnapshot(builtinSchema("device"), { near: [before.set, after.set], now: now.iso });
      for (const [label, count, test] of [
        ["the new version rejects and the old accepts", directions.tightened, (d: unknown) => !(OK.has(state(a, d)) && !OK.has(state(b, d)))],
        ["the new version accepts and the old rejects", directions.loosened, (d: unknown) => !(!OK.has(state(a, d)) && OK.has(state(b, d)))],
      ] as const) {
        if (count > 0) continue;
        const r = fc.check(fc.property(arb, test), { numRuns: 1000, seed });
        const witness = r.counterexample?.[0];
        process.stdout.write(witness === undefined ? `no generated device found that ${label} (1000 tried, seed ${seed})\n` : `witness: a device ${label} (seed ${seed}):\n${JSON.stringify(witness, null, 2)}\n`);
      }
      process.exitCode = inputErrors > 0 ? EXIT.inputErrors : EXIT.ok;
    });
}
