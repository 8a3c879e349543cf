import { existsSync } from "node:fs";
import { Command } from "commander";
import { verifyLog } from "../audit/audit-log.js";
import { EXIT, UsageError } from "../exit-codes.js";

export function auditCommand(): Command {
  const audit = new Command("audit").description("work with the hash-chained audit log written by `tenet check --audit-log`");
  audit
    .command("verify")
    .description("check that no record of an audit log was edited, removed, inserted or reordered")
    .argument("<file>", "the audit log (NDJSON)")
    .addHelpText("after", "\nExample:\n  $ tenet audit verify audit.ndjson\n\nExit codes: 0 the chain is intact, 1 it is broken (each broken record is named), 2 usage error.")
    .action((file: string) => {
      if (!existsSync(file)) throw new UsageError(`no such file: \`${file}\``);
      const problems = verifyLog(file);
      for (const p of problems) process.stdout.write(`${file}: ${p}\n`);
      if (problems.length === 0) process.stdout.write(`${file}: the chain is intact\n`);
      process.exitCode = problems.length === 0 ? EXIT.ok : EXIT.failed;
    });
  return audit;
}
