import { readFileSync } from "node:fs";
import { Command } from "commander";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { format, renderDiagnostics, type Diagnostic } from "@tenet/parser";
import { writeFileAtomically } from "../output/atomic-output.js";
import { loadConfig } from "../config.js";
import { withOptions } from "../options/option-groups.js";
import { EXIT, usageError } from "../exit-codes.js";
import { findPolicyFiles } from "../policies/load-policies.js";
import { plural, verb } from "../render/plural.js";
import { useColor } from "../terminal.js";

interface FmtOptions {
  check?: boolean;
  diff?: boolean;
  color?: boolean;
}

/** The name a policy read from standard input goes by in diagnostics and diffs. */
const STDIN = "<stdin>";

export function fmtCommand(): Command {
  const command = new Command("fmt")
    .description("format policy files in the one canonical layout")
    .argument(
      "[paths...]",
      "policy files or directories, or `-` to format standard input to standard output (default: tenet.config policy, else policies/)",
    )
    .option("--check", "change nothing; list the files that are not formatted and exit 1")
    .option(
      "--diff",
      "change nothing; print a unified diff (git apply / patch -p1) of what fmt would change and exit 1",
    );
  return withOptions(command, ["color"])
    .addHelpText(
      "after",
      `
Examples:
  $ tenet fmt policies
  $ tenet fmt --check policies examples    # in CI
  $ tenet fmt --diff examples/quick-start
  $ tenet fmt - < examples/quick-start/laptops.tenet

Exit codes: 0 formatted (or already clean), 1 --check or --diff found files to format, 2 usage error,
3 a file has syntax errors (left untouched; with \`-\`, nothing is printed on standard output).`,
    )
    .action(async (paths: string[], options: FmtOptions) => {
      if (options.check === true && options.diff === true)
        throw usageError("CP5006", { flags: "`--check` and `--diff`" });
      process.exitCode = paths.includes("-") ? await formatStdin(paths, options) : formatFiles(paths, options);
    });
}

/** `tenet fmt -`: standard input to standard output, as gofmt and prettier do in editor pipes. */
async function formatStdin(paths: string[], options: FmtOptions): Promise<number> {
  if (paths.length > 1) throw usageError("CP5231");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const formatted = format(text, STDIN);
  const errors = formatted.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    printErrors(errors, new Map([[STDIN, text]]), options);
    return EXIT.policyErrors;
  }
  const changed = formatted.value !== text;
  if (options.diff === true) {
    if (changed) process.stdout.write(unifiedDiff(STDIN, text, formatted.value));
  } else if (options.check !== true) process.stdout.write(formatted.value);
  else if (changed) process.stderr.write(`${STDIN} is not formatted; run \`tenet fmt -\`\n`);
  return (options.check === true || options.diff === true) && changed ? EXIT.failed : EXIT.ok;
}

function formatFiles(paths: string[], options: FmtOptions): number {
  const diagnostics: Diagnostic[] = [];
  const files = findPolicyFiles(paths.length > 0 ? paths : (loadConfig().policy ?? ["policies"]), diagnostics);
  const sources = new Map<string, string>();
  const differ: string[] = [];
  const readOnly = options.check === true || options.diff === true;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    sources.set(file, text);
    const formatted = format(text, file);
    diagnostics.push(...formatted.diagnostics.filter((d) => d.severity === "error"));
    if (formatted.value === text) continue;
    differ.push(file);
    if (options.diff === true) process.stdout.write(unifiedDiff(file, text, formatted.value));
    // In place through a rename: a crash mid-write never leaves a policy file half-written.
    if (!readOnly) writeFileAtomically(file, formatted.value);
  }
  if (diagnostics.length > 0) printErrors(diagnostics, sources, options);
  const are = verb(differ.length, "is", "are");
  const notFormatted = `${plural(differ.length, "file")} of ${files.length} ${are} not formatted; run \`tenet fmt\`\n`;
  if (options.check === true) {
    for (const file of differ) process.stdout.write(`${file}\n`);
    if (differ.length > 0) process.stderr.write(notFormatted);
  } else if (options.diff === true) {
    if (differ.length > 0) process.stderr.write(notFormatted);
  } else if (differ.length > 0) process.stderr.write(`formatted ${differ.length} of ${plural(files.length, "file")}\n`);
  if (diagnostics.length > 0) return EXIT.policyErrors;
  return readOnly && differ.length > 0 ? EXIT.failed : EXIT.ok;
}

/** A git-style unified diff (`--- a/FILE`, `+++ b/FILE`), so `git apply` and `patch -p1` take it. */
function unifiedDiff(file: string, before: string, after: string): string {
  const name = file.replace(/\\/g, "/");
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

function printErrors(diagnostics: Diagnostic[], sources: ReadonlyMap<string, string>, options: FmtOptions): void {
  process.stderr.write(
    renderDiagnostics(diagnostics, (f) => sources.get(f), { color: useColor(process.stderr, options.color) }),
  );
}
