import { Command } from "commander";
import { builtinSchema, renderDiagnostics } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { propertiesOf, verifyProperty } from "@tenet/testing";
import { collectPaths, nowOption, tenantOption } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { loadPolicies } from "../policies/load-policies.js";
import { paintWith, useColor } from "../terminal.js";

export function verifyCommand(): Command {
  return new Command("verify")
    .description("check every `property` over generated devices and sign-ins; print a shrunk counterexample when one fails")
    .argument("[paths...]", "policy files or directories (default: tenet.config policy, else policies/)")
    .option("-p, --policy <path>", "more policy files or directories", collectPaths)
    .option("--runs <n>", "generated cases per property when it does not say `runs` (default 300)")
    .option("--seed <n>", "random seed (printed with every result, so a failure can be replayed)")
    .option("--now <instant>", "evaluation instant, ISO-8601 UTC")
    .option("--tenant <file>", "tenant settings JSON")
    .option("--no-color", "no colours (also honours NO_COLOR)")
    .addHelpText("after", "\nExamples:\n  $ tenet verify policies\n  $ tenet verify policies --seed 1234 --runs 2000\n\nExit codes: 0 every property holds, 1 a property fails, 2 usage error, 3 policy errors.")
    .action((paths: string[], options: { policy?: string[]; runs?: string; seed?: string; now?: string; tenant?: string; color?: boolean }) => {
      const config = loadConfig();
      const now = nowOption(options.now ?? config.now);
      const tenant = tenantOption(options.tenant ?? config.tenant);
      const int = (v: string | undefined, flag: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`invalid value \`${v}\` for \`${flag}\`; expected a whole number`);
        return n;
      };
      const runs = int(options.runs, "--runs");
      const seed = int(options.seed, "--seed") ?? Date.parse(now.iso) % 2_147_483_647;
      const policies = loadPolicies([...(paths.length > 0 ? paths : (config.policy ?? ["policies"])), ...(options.policy ?? [])], { now: now.ms });
      if (policies.diagnostics.length > 0) process.stderr.write(renderDiagnostics(policies.diagnostics, (f) => policies.sources.get(f)));
      if (policies.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const compiled = compile(policies.set);
      const paint = paintWith(useColor(process.stdout, options.color));
      const properties = propertiesOf(compiled);
      let failures = 0;
      for (const property of properties) {
        const r = verifyProperty(compiled, property, {
          schemas: { device: builtinSchema("device"), signIn: builtinSchema("signIn") },
          now: now.iso,
          seed,
          ...(runs === undefined ? {} : { numRuns: runs }),
          ...(tenant === undefined ? {} : { tenant }),
        });
        if (r.passed) {
          const skipped = r.skipped > 0 ? `, ${r.skipped} more generated that did not meet \`assume\`` : "";
          process.stdout.write(`${paint("green", "✓")} ${r.name}: ${r.claim} (${r.runs} cases${skipped}, seed ${r.seed})\n`);
          continue;
        }
        failures++;
        process.stdout.write(`${paint("red", "✗")} ${r.name}: ${r.claim} (seed ${r.seed})\n`);
        if (r.error !== undefined) process.stdout.write(`    ${r.error}\n`);
        if (r.counterexample !== undefined) {
          const what = r.subject === "signIn" ? "sign-in" : "device snapshot";
          const how = r.foundBySearch === true ? `${what} found by boundary search after ${r.runs} random cases held` : `shrunk ${what}`;
          process.stdout.write(`    counterexample (${how}, ready to paste):\n${JSON.stringify(r.counterexample, null, 2).replace(/^/gm, "      ")}\n`);
          process.stdout.write(`    why:\n${(r.explanation ?? "").replace(/^/gm, "      ")}\n`);
        }
      }
      if (properties.length === 0) process.stderr.write("no `property` declarations found\n");
      process.stdout.write(`\n${properties.length - failures} of ${properties.length} properties hold\n`);
      process.exitCode = failures > 0 ? EXIT.failed : EXIT.ok;
    });
}
