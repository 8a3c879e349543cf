import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { emptySpan, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { exportIntune, importIntune, readGraphObjects } from "@tenet/intune";
import { CliError, EXIT, usageError } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryPolicies } from "../input/snapshot-directory.js";
import { isSnapshotDirectory } from "@tenet/graph";
import { loadPolicies } from "../policies/load-policies.js";
import { useColor } from "../terminal.js";
import { outputDirectory, writeFileAtomically } from "../output/atomic-output.js";

function target(kind: string): void {
  if (kind !== "intune")
    throw usageError("CP5015", { value: kind, option: "<source>", help: "the supported one is `intune`" });
}

function report(diagnostics: Diagnostic[], sources: Map<string, string> = new Map()): void {
  printDiagnostics(diagnostics, sources, { color: useColor(process.stderr, undefined) });
}

export function importCommand(): Command {
  return new Command("import")
    .description("convert Intune compliance and Conditional Access exports (Graph JSON) into Tenet policy files")
    .argument("<source>", "intune")
    .argument(
      "<files...>",
      'Graph JSON exports: one object, an array, or { "value": [...] }; UTF-8 or UTF-16 with BOM; ' +
        "or a snapshot directory from `tenet pull` (its compliance and Conditional Access policies)",
    )
    .requiredOption("-o, --output <dir>", "directory for the .tenet files")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ tenet export intune policies/compliance -o exports",
        "  $ tenet import intune exports/*.json -o imported",
        "",
        "Exit codes: 0 imported (warnings list settings not carried over or marked `unsupported`), 2 usage error, " +
          "or an input could not be read, holds unsupported types or a value that was refused (CP5033).",
      ].join("\n"),
    )
    .action((source: string, files: string[], options: { output: string }) => {
      target(source);
      const diagnostics: Diagnostic[] = [];
      // A snapshot directory from `tenet pull` gives its policy files; expandPaths would take its devices.
      const pulled = files.filter(isSnapshotDirectory).flatMap(snapshotDirectoryPolicies);
      for (const p of pulled) diagnostics.push(...p.diagnostics);
      const exported = expandPaths(files.filter((f) => !isSnapshotDirectory(f))).map((file) => {
        if (!existsSync(file)) throw new CliError([makeDiagnostic("CP5001", emptySpan(file), { path: file })]);
        if (statSync(file).isDirectory())
          throw new CliError([makeDiagnostic("CP5212", emptySpan(file), { path: file })]);
        const read = readGraphObjects(readFileSync(file), file);
        diagnostics.push(...read.diagnostics);
        return { file, objects: read.objects, text: read.text };
      });
      const sources = [...pulled.map(({ file, objects, text }) => ({ file, objects, text })), ...exported];
      const result = importIntune(sources);
      diagnostics.push(...result.diagnostics);
      outputDirectory(options.output);
      const protect = sources.map((s) => ({ path: s.file, what: "an input" }));
      for (const f of result.files) writeFileAtomically(join(options.output, f.path), f.text, { protect });
      report(diagnostics, new Map(sources.map((s) => [s.file, s.text])));
      const { policies, settingsImported, settingsSkipped } = result.stats;
      process.stderr.write(
        `imported ${policies} policies into ${result.files.length} files in ${options.output}: ` +
          `${settingsImported} settings carried over, ${settingsSkipped} not (see warnings)\n`,
      );
      process.exitCode = diagnostics.some((d) => d.severity === "error") ? EXIT.inputErrors : EXIT.ok;
    });
}

export function exportCommand(): Command {
  return new Command("export")
    .description("write Tenet policies as Intune Graph JSON, for everything Intune can express")
    .argument("<target>", "intune")
    .argument("<paths...>", "policy files or directories")
    .requiredOption(
      "-o, --output <dir>",
      "directory for the JSON files (compliance-policies.json, conditional-access.json)",
    )
    .addHelpText(
      "after",
      [
        "",
        "Example:",
        "  $ tenet export intune policies/compliance -o out/intune",
        "",
        "Exit codes: 0 exported (warnings name what Intune cannot express), 2 usage error, " +
          "3 policy errors or rules that set one Intune setting to values no single value means (CP5030).",
      ].join("\n"),
    )
    .action((kind: string, paths: string[], options: { output: string }) => {
      target(kind);
      const policies = loadPolicies(paths);
      report(policies.diagnostics, policies.sources);
      if (policies.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const result = exportIntune(policies.set);
      report(result.diagnostics, policies.sources);
      outputDirectory(options.output);
      const protect = [...policies.sources.keys()].map((path) => ({ path, what: "a policy file" }));
      const isAccess = (o: Record<string, unknown>) => !("@odata.type" in o);
      const write = (name: string, objects: Record<string, unknown>[]) => {
        if (objects.length > 0)
          writeFileAtomically(join(options.output, name), `${JSON.stringify({ value: objects }, null, 2)}\n`, {
            protect,
          });
      };
      const isFilter = (o: Record<string, unknown>) =>
        o["@odata.type"] === "#microsoft.graph.deviceAndAppManagementAssignmentFilter";
      write(
        "compliance-policies.json",
        result.objects.filter((o) => !isAccess(o) && !isFilter(o)),
      );
      write("assignment-filters.json", result.objects.filter(isFilter));
      write("conditional-access.json", result.objects.filter(isAccess));
      const filters = result.objects.filter(isFilter).length;
      const refused = result.diagnostics.filter((d) => d.severity === "error").length;
      process.stderr.write(
        `exported ${result.objects.length - filters} policies` +
          (filters > 0 ? ` and ${filters} assignment filters` : "") +
          ` to ${options.output}; ${result.diagnostics.length - refused} parts could not be expressed in Intune` +
          (refused > 0 ? `, ${refused} refused` : "") +
          "\n",
      );
      process.exitCode = refused > 0 ? EXIT.policyErrors : EXIT.ok;
    });
}
