import { Command } from "commander";
import { checkCommand } from "./commands/check.js";
import { explainCommand } from "./commands/explain.js";
import { fmtCommand } from "./commands/fmt.js";
import { lintCommand } from "./commands/lint.js";
import { schemaCommand } from "./commands/schema.js";
import { whatifCommand } from "./commands/whatif.js";
import { testCommand } from "./commands/test.js";
import { verifyCommand } from "./commands/verify.js";
import { exportCommand, importCommand } from "./commands/interop.js";
import { auditCommand } from "./commands/audit.js";
import { reportCommand } from "./commands/report.js";
import { diffCommand } from "./commands/diff.js";
import { pullCommand } from "./commands/pull.js";
import { historyCommand } from "./commands/history.js";
import { ENGINE_VERSION } from "@tenet/evaluator";

/** Build the `tenet` commander program; each command lives in `commands/`. */
export function buildProgram(): Command {
  const program = new Command("tenet")
    .description("policy-as-code for device compliance and conditional access")
    .version(ENGINE_VERSION, "-V, --version");
  for (const command of [
    checkCommand(),
    explainCommand(),
    whatifCommand(),
    reportCommand(),
    testCommand(),
    verifyCommand(),
    diffCommand(),
    lintCommand(),
    fmtCommand(),
    schemaCommand(),
    importCommand(),
    exportCommand(),
    pullCommand(),
    historyCommand(),
    auditCommand(),
  ])
    program.addCommand(command);
  return program;
}
