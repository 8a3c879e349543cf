import { Command } from "commander";
import { diagnosticsToJson } from "@tenet/parser";
import { formatDiagnostics, sortDiagnostics } from "../diagnostics/print-diagnostics.js";
import { plural } from "../render/plural.js";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice, nowOption, outputOption, wholeNumber } from "../options/option-values.js";
import { loadConfig } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { loadPolicies } from "../policies/load-policies.js";
import { sarifLog } from "../render/render-sarif.js";
import { openSink, useColor } from "../terminal.js";

const FORMATS = ["text", "json", "sarif"] as const;

export function lintCommand(): Command {
  const command = new Command("lint")
    .description("parse and check policy files, report every problem")
    .argument("[paths...]", "policy files or directories (default: tenet.config policy, else policies/)");
  return withOptions(command, ["now", "output", "color"], { formats: FORMATS, default: "text" })
    .addOption(
      choiceOption(
        "--fail-on <level>",
        "exit 3 when there is an `error` (default), also on a `warning`, or `never`",
        ["error", "warning", "never"],
        "error",
      ),
    )
    .option(
      "--max-errors <n>",
      "show at most this many problems (sorted by file, line, column, code); the summary still counts all",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ tenet lint policies examples
  $ tenet lint policies --format sarif -o tenet.sarif

Exit codes: 0 nothing at the --fail-on level (warnings allowed by default), 3 some error (or warning
with --fail-on warning), 2 usage error.`,
    )
    .action(
      async (paths: string[], options: SharedOptions & { format: string; failOn: string; maxErrors?: string }) => {
        const config = loadConfig();
        const format = choice(options.format, FORMATS, "--format");
        const failOn = choice(options.failOn, ["error", "warning", "never"] as const, "--fail-on");
        const max = wholeNumber(options.maxErrors, "--max-errors", 1);
        const loaded = loadPolicies(paths.length > 0 ? paths : (config.policy ?? ["policies"]), {
          now: nowOption(options.now ?? config.now).millis,
        });
        const sink = openSink(outputOption(options.output), {
          protect: [...loaded.sources.keys()].map((path) => ({ path, what: "a policy file" })),
        });
        const sorted = sortDiagnostics(loaded.diagnostics);
        const shown = max === undefined ? sorted : sorted.slice(0, max);
        if (format === "json") await sink.write(`${JSON.stringify(diagnosticsToJson(shown), null, 2)}\n`);
        else if (format === "sarif") await sink.write(`${JSON.stringify(sarifLog(shown), null, 2)}\n`);
        else {
          const text = formatDiagnostics(sorted, loaded.sources, {
            color: sink.isTTY && useColor(process.stdout, options.color),
            ...(max === undefined ? {} : { max }),
          });
          const errors = sorted.filter((d) => d.severity === "error").length;
          const counts = `${plural(errors, "error")}, ${plural(sorted.length - errors, "warning")}`;
          const summary = `${plural(loaded.sources.size, "file")} checked: ${counts}\n`;
          await sink.write(text === "" ? summary : `${text}\n${summary}`);
        }
        await sink.close();
        const warnings = loaded.diagnostics.some((d) => d.severity === "warning");
        const failed = failOn === "never" ? false : loaded.hasErrors || (failOn === "warning" && warnings);
        process.exitCode = failed ? EXIT.policyErrors : EXIT.ok;
      },
    );
}
