import { readFileSync } from "node:fs";
import { writeFileAtomically } from "../output/atomic-output.js";
import { Command } from "commander";
import { format, renderDiagnostics, type Diagnostic } from "@tenet/parser";
import { loadConfig } from "../config.js";
import { withOptions } from "../options/option-groups.js";
import { EXIT } from "../exit-codes.js";
import { findPolicyFiles } from "../policies/load-policies.js";
import { useColor } from "../terminal.js";

export function fmtCommand(): Command {
  const command = new Command("fmt")
    .description("format policy files in the one canonical layout")
    .argument("[paths...]", "policy files or directories (default: tenet.config policy, else policies/)")
    .option("--check", "change nothing; list the files that are not formatted and exit 1");
  return withOptions(command, ["color"])
    .addHelpText(
      "after",
      `
Examples:
  $ tenet fmt policies
  $ tenet fmt --check policies examples    # in CI

Exit codes: 0 formatted (or already clean), 1 --check found files to format, 3 a file has syntax errors (left untouched).`,
    )
    .action((paths: string[], options: { check?: boolean; color?: boolean }) => {
      const diagnostics: Diagnostic[] = [];
      const files = findPolicyFiles(paths.length > 0 ? paths : (loadConfig().policy ?? ["policies"]), diagnostics);
      const sources = new Map<string, string>();
      const differ: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        sources.set(file, text);
        const formatted = format(text, file);
        diagnostics.push(...formatted.diagnostics.filter((d) => d.severity === "error"));
        if (formatted.value === text) continue;
        differ.push(file);
        // In place through a rename: a crash mid-write never leaves a policy file half-written.
        if (options.check !== true) writeFileAtomically(file, formatted.value);
      }
      if (diagnostics.length > 0)
        process.stderr.write(
          renderDiagnostics(diagnostics, (f) => sources.get(f), { color: useColor(process.stderr, options.color) }),
        );
      if (options.check === true) {
        for (const file of differ) process.stdout.write(`${file}\n`);
        if (differ.length > 0)
          process.stderr.write(`${differ.length} of ${files.length} files are not formatted; run \`tenet fmt\`\n`);
      } else if (differ.length > 0) process.stderr.write(`formatted ${differ.length} of ${files.length} files\n`);
      process.exitCode =
        diagnostics.length > 0
          ? EXIT.policyErrors
          : options.check === true && differ.length > 0
            ? EXIT.failed
            : EXIT.ok;
    });
}
