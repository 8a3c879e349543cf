import { Command } from "commander";
import { builtinSchema } from "@tenet/parser";
import { propertiesOf, verifyProperty, type PropertyResult } from "@tenet/testing";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice, wholeNumber } from "../options/option-values.js";
import { EXIT, invocationDiagnostic } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { loadPolicyContext, readSettings } from "../policies/load-policy-context.js";
import { paintWith, useColor } from "../terminal.js";
import { junitOfProperties, propertyText } from "./verify-report.js";

const FORMATS = ["text", "json", "junit"] as const;

export function verifyCommand(): Command {
  const command = new Command("verify")
    .description(
      "check every `property` over generated devices and sign-ins; print a shrunk counterexample when one fails",
    )
    .argument("[paths...]", "policy files or directories (default: tenet.config policy, else policies/)")
    .option("--runs <n>", "generated cases per property when it does not say `runs` (default 300)")
    .option("--seed <n>", "random seed (printed with every result, so a failure can be replayed)")
    .option("--filter <text>", "only properties whose name contains this text");
  return withOptions(command, ["policy", "now", "tenant", "color"], { formats: FORMATS, default: "text" })
    .addOption(
      choiceOption(
        "--fail-on <what>",
        "exit 1 on `failures` (a property that does not hold; default) or `never`",
        ["failures", "never"],
        "failures",
      ),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ tenet verify policies",
        "  $ tenet verify examples/tests --seed 1234 --runs 100",
        "  $ tenet verify examples/tests --format junit > properties.xml",
        "",
        "Exit codes: 0 every property holds, 1 a property fails, 2 usage error, 3 policy errors.",
      ].join("\n"),
    )
    .action(
      (
        paths: string[],
        options: SharedOptions & { runs?: string; seed?: string; filter?: string; format: string; failOn: string },
      ) => {
        const format = choice(options.format, FORMATS, "--format");
        const failOn = choice(options.failOn, ["failures", "never"] as const, "--fail-on");
        const settings = readSettings(options, { deviceSchema: false });
        const { config, now, tenant } = settings;
        const runs = wholeNumber(options.runs, "--runs");
        const seed = wholeNumber(options.seed, "--seed") ?? now.millis % 2_147_483_647;
        const policyPaths = [
          ...(paths.length > 0 ? paths : (config.policy ?? ["policies"])),
          ...(options.policy ?? []),
        ];
        const { compiled } = loadPolicyContext(options, { paths: policyPaths, deviceSchema: false }, settings);
        const paint = paintWith(useColor(process.stdout, options.color));
        const properties = propertiesOf(compiled).filter(
          (p) => options.filter === undefined || p.name.name.includes(options.filter),
        );
        const results: PropertyResult[] = [];
        for (const property of properties) {
          const r = verifyProperty(compiled, property, {
            schemas: { device: builtinSchema("device"), signIn: builtinSchema("signIn") },
            now: now.iso,
            seed,
            ...(runs === undefined ? {} : { numRuns: runs }),
            ...(tenant === undefined ? {} : { tenant }),
          });
          results.push(r);
          if (format === "text") process.stdout.write(propertyText(r, paint));
        }
        const failures = results.filter((r) => !r.passed).length;
        if (format === "json")
          process.stdout.write(
            `${JSON.stringify({ seed, passed: results.length - failures, failed: failures, properties: results }, null, 2)}\n`,
          );
        else if (format === "junit") process.stdout.write(junitOfProperties(results));
        else process.stdout.write(`\n${results.length - failures} of ${results.length} properties hold\n`);
        if (properties.length === 0)
          printDiagnostics(
            [
              invocationDiagnostic("CP5209", {
                where: options.filter === undefined ? "" : ` whose name contains \`${options.filter}\``,
              }),
            ],
            new Map(),
          );
        process.exitCode = failOn === "failures" && failures > 0 ? EXIT.failed : EXIT.ok;
      },
    );
}
