#!/usr/bin/env node
// Entry point of the `tenet` binary: every error a person sees is a coded diagnostic, exit codes per EXIT-CODES.md.
import { Command, CommanderError } from "commander";
import { printDiagnostics } from "./diagnostics/print-diagnostics.js";
import { HistoryError } from "@tenet/history";
import { CliError, EXIT, invocationDiagnostic, UsageError } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { useColor } from "./terminal.js";
import { endQuietlyOnClosedPipe } from "./output/atomic-output.js";

// A closed pipe (`tenet check ... | head`) is the reader's choice, not an error: exit 141 quietly.
endQuietlyOnClosedPipe();

const program = buildProgram().exitOverride().option("--debug", "print stack traces of internal errors");
for (const command of program.commands) command.exitOverride();
// The command that runs, so an error is shown in its `--format` (json, sarif) and colours.
let active: Command = program;
program.hook("preAction", (_program, command) => {
  active = command;
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const options = active.opts<{ format?: string; color?: boolean }>();
  const style = { ...(options.format === undefined ? {} : { format: options.format }), color: useColor(process.stderr, options.color) };
  if (error instanceof CliError) {
    printDiagnostics(error.diagnostics, error.sources, style);
    process.exitCode = error.exitCode;
  } else if (error instanceof HistoryError) {
    // A store problem the user can act on (busy, newer schema, unreachable, tampered): exit 2.
    printDiagnostics([invocationDiagnostic(error.code, error.args)], new Map(), style);
    process.exitCode = EXIT.usage;
  } else if (error instanceof UsageError) {
    process.stderr.write(`tenet: error: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else if (error instanceof CommanderError) {
    // Help and --version end here with code 0; commander already printed its message.
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
