#!/usr/bin/env node
// Entry point of the `tenet` binary: usage errors exit 2 with one clear line.
import { CommanderError } from "commander";
import { EXIT, UsageError } from "./exit-codes.js";
import { buildProgram } from "./program.js";

// A closed pipe (`tenet check ... | head`) is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const program = buildProgram().exitOverride().option("--debug", "print stack traces of internal errors");
for (const command of program.commands) command.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof UsageError) {
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
