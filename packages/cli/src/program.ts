import { Command } from "commander";
import { ENGINE_VERSION } from "@tenet/evaluator";

/**
 * Every command, in `tenet --help` order, with the module that builds it. A module is loaded
 * only when its command runs (or help lists them all): a `tenet --version` or a one-file
 * `tenet lint` does not pay for loading the history store, the Graph client or the test runner.
 */
const COMMANDS: { name: string; load: () => Promise<Command> }[] = [
  { name: "check", load: async () => (await import("./commands/check.js")).checkCommand() },
  { name: "explain", load: async () => (await import("./commands/explain.js")).explainCommand() },
  { name: "whatif", load: async () => (await import("./commands/whatif.js")).whatifCommand() },
  { name: "analyze", load: async () => (await import("./commands/analyze.js")).analyzeCommand() },
  { name: "report", load: async () => (await import("./commands/report.js")).reportCommand() },
  { name: "test", load: async () => (await import("./commands/test.js")).testCommand() },
  { name: "verify", load: async () => (await import("./commands/verify.js")).verifyCommand() },
  { name: "diff", load: async () => (await import("./commands/diff.js")).diffCommand() },
  { name: "lint", load: async () => (await import("./commands/lint.js")).lintCommand() },
  { name: "fmt", load: async () => (await import("./commands/fmt.js")).fmtCommand() },
  { name: "schema", load: async () => (await import("./commands/schema.js")).schemaCommand() },
  { name: "import", load: async () => (await import("./commands/interop.js")).importCommand() },
  { name: "export", load: async () => (await import("./commands/interop.js")).exportCommand() },
  { name: "pull", load: async () => (await import("./commands/pull.js")).pullCommand() },
  { name: "history", load: async () => (await import("./commands/history.js")).historyCommand() },
  { name: "audit", load: async () => (await import("./commands/audit.js")).auditCommand() },
  { name: "completion", load: async () => (await import("./commands/completion.js")).completionCommand() },
];

/**
 * Builds the `tenet` commander program; each command lives in `commands/`. Given the
 * command line, only the command it names is loaded, and none for a bare `--version`;
 * anything else (help, an unknown command) gets every command, as commander lists them.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("tenet")
    .description("policy-as-code for device compliance and conditional access")
    .version(ENGINE_VERSION, "-V, --version");
  // `tenet`'s own options (--debug, -V) take no value, so the first other word names the command.
  const args = argv.slice(2);
  const named = COMMANDS.filter((c) => c.name === args.find((a) => !a.startsWith("-")));
  const version = (a: string) => a === "-V" || a === "--version";
  const versionOnly = args.some(version) && args.every((a) => version(a) || a === "--debug");
  const wanted = named.length > 0 ? named : versionOnly ? [] : COMMANDS;
  for (const command of await Promise.all(wanted.map((c) => c.load()))) program.addCommand(command);
  return program;
}
