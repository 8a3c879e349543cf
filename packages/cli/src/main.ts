#!/usr/bin/env node
// Entry point of the `tenet` binary: every error a person sees is a coded diagnostic, exit codes per EXIT-CODES.md.
import { Command, CommanderError } from "commander";
import { printDiagnostics } from "./diagnostics/print-diagnostics.js";
import type { HistoryError } from "@tenet/history";
import { CliError, EXIT, invocationDiagnostic } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { useColor } from "./terminal.js";
import { endQuietlyOnClosedPipe } from "./output/atomic-output.js";

// A closed pipe (`tenet check ... | head`) is the reader's choice, not an error: exit 141 quietly.
endQuietlyOnClosedPipe();

// `check` of a large file starts its worker threads now, so that they load while this thread does.
const args = process.argv.slice(2);
if (args.find((a) => !a.startsWith("-")) === "check") (await import("./run/start-workers.js")).startWorkersEarly(args);

const program = (await buildProgram(process.argv))
  .exitOverride()
  .option("--debug", "print stack traces of internal errors");
// Commander's own parse errors are shown as coded diagnostics below, not in its words on its own.
const quiet = { outputError: () => undefined };
program.configureOutput(quiet);
for (const command of allCommands(program)) command.exitOverride().configureOutput(quiet);
// The command that runs, so an error is shown in its `--format` (json, sarif) and colours.
let active: Command = program;
program.hook("preAction", (_program, command) => {
  active = command;
});
// Options are parsed (and a bad `.choices()` value refused) before preAction: know the command by then.
for (const command of [program, ...allCommands(program)])
  command.hook("preSubcommand", (_parent, sub) => {
    active = sub;
  });
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const options = active.opts<{ format?: string; color?: boolean }>();
  const style = {
    ...(options.format === undefined ? {} : { format: options.format }),
    color: useColor(process.stderr, options.color),
  };
  const history =
    error instanceof CliError || error instanceof CommanderError ? undefined : await asHistoryError(error);
  if (error instanceof CliError) {
    printDiagnostics(error.diagnostics, error.sources, style);
    process.exitCode = error.exitCode;
  } else if (history !== undefined) {
    // A store problem the user can act on (busy, newer schema, unreachable, tampered): exit 2.
    printDiagnostics([invocationDiagnostic(history.code, history.args)], new Map(), style);
    process.exitCode = EXIT.usage;
  } else if (error instanceof CommanderError) {
    // Help and --version end here with code 0 (commander printed them); the rest are usage errors.
    if (error.exitCode !== 0) printDiagnostics([commandLineDiagnostic(error)], new Map(), style);
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    // A bug, not a user error: one clear line, the stack only with --debug.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tenet: internal error: ${message}\n`);
    if (process.argv.includes("--debug") && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write("run again with --debug for the stack trace, and please report it\n");
    process.exitCode = EXIT.internal;
  }
}

/** Loaded only when something failed, so commands that never open the store do not load it. */
async function asHistoryError(error: unknown): Promise<HistoryError | undefined> {
  const { HistoryError } = await import("@tenet/history");
  return error instanceof HistoryError ? error : undefined;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Commander's parse error as a catalog diagnostic: a missing snapshot argument is CP5017, a bad choice CP5015, the rest CP5200. */
function commandLineDiagnostic(error: CommanderError) {
  const reason = error.message.replace(/^error: /, "").split("\n")[0]!;
  const hint = /\(Did you mean (.*)\?\)/.exec(error.message)?.[1];
  // Parse errors come before any action runs: the command is the first argument, when it names one.
  const name = process.argv[2] ?? "";
  if (error.code === "commander.missingArgument" && /'snapshots'|'signins'/.test(reason))
    return invocationDiagnostic("CP5017");
  // A value outside an option's or argument's `.choices()`: the same diagnostic as `choice()` gives for config values.
  const invalid =
    /^option '(?:-\w, )?(--[\w-]+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/.exec(reason) ??
    /^command-argument value '(.*)' is invalid for argument '(\w+)'\. Allowed choices are (.*)\.$/.exec(reason);
  if (error.code === "commander.invalidArgument" && invalid !== null) {
    const [option, value] = reason.startsWith("option")
      ? [invalid[1]!, invalid[2]!]
      : [`<${invalid[2]!}>`, invalid[1]!];
    const help = `expected one of ${invalid[3]!}`;
    return option === "--format"
      ? invocationDiagnostic("CP5005", { format: value, help })
      : invocationDiagnostic("CP5015", { value, option, help });
  }
  const help = hint === undefined ? undefined : `did you mean \`${hint}\`?`;
  return invocationDiagnostic(
    "CP5200",
    { reason, usage: program.commands.some((c) => c.name() === name) ? `${name} --help` : "--help" },
    help,
  );
}
