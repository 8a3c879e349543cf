import { Command } from "commander";
import { diagnosticsToJson, renderDiagnostics } from "@tenet/parser";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice, nowOption } from "../options/option-values.js";
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
    .addHelpText(
      "after",
      `
Examples:
  $ tenet lint policies examples
  $ tenet lint policies --format sarif -o tenet.sarif

Exit codes: 0 no errors (warnings allowed), 3 some error, 2 usage error.`,
    )
    .action(async (paths: string[], options: SharedOptions & { format: string }) => {
      const config = loadConfig();
      const format = choice(options.format, FORMATS, "--format");
      const loaded = loadPolicies(paths.length > 0 ? paths : (config.policy ?? ["policies"]), { now: nowOption(options.now ?? config.now).millis });
      const sink = openSink(options.output, { protect: [...loaded.sources.keys()].map((path) => ({ path, what: "a policy file" })) });
      if (format === "json") await sink.write(`${JSON.stringify(diagnosticsToJson(loaded.diagnostics), null, 2)}\n`);
      else if (format === "sarif") await sink.write(`${JSON.stringify(sarifLog(loaded.diagnostics), null, 2)}\n`);
      else {
        const text = renderDiagnostics(loaded.diagnostics, (f) => loaded.sources.get(f), { color: sink.isTTY && useColor(process.stdout, options.color) });
        const errors = loaded.diagnostics.filter((d) => d.severity === "error").length;
        const summary = `${loaded.sources.size} files checked: ${errors} errors, ${loaded.diagnostics.length - errors} warnings\n`;
        await sink.write(text === "" ? summary : `${text}\n${summary}`);
      }
      await sink.close();
      process.exitCode = loaded.hasErrors ? EXIT.policyErrors : EXIT.ok;
    });
}
