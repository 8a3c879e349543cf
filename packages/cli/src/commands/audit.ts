import { existsSync } from "node:fs";
import { Command } from "commander";
import { verifyLog } from "../audit/audit-log.js";
import { verifyBinding } from "../audit/history-binding.js";
import { historyLocation, openStore } from "../history/check-history.js";
import { emptySpan, makeDiagnostic } from "@tenet/parser";
import { CliError, EXIT } from "../exit-codes.js";

export function auditCommand(): Command {
  const audit = new Command("audit").description(
    "work with the hash-chained audit log written by `tenet check --audit-log`",
  );
  audit
    .command("verify")
    .description("check that no record of an audit log was edited, removed, inserted or reordered")
    .argument("<file>", "the audit log (NDJSON)")
    .option(
      "--history <store>",
      "also check the history store's chain and that every run the log names is in it unchanged",
    )
    .addHelpText(
      "after",
      "\nExample:\n  $ tenet audit verify audit.ndjson\n\nExit codes: 0 the chain is intact, 1 it is broken (each broken record is named), 2 usage error.",
    )
    .action(async (file: string, options: { history?: string }) => {
      if (!existsSync(file)) throw new CliError([makeDiagnostic("CP5001", emptySpan(file), { path: file })]);
      const problems = verifyLog(file);
      const location = options.history === undefined ? undefined : historyLocation(options.history, undefined);
      if (location !== undefined) {
        const store = await openStore(location);
        try {
          problems.push(...(await verifyBinding(file, store)));
        } finally {
          await store.close();
        }
      }
      for (const p of problems) process.stdout.write(`${file}: ${p}\n`);
      if (problems.length === 0) process.stdout.write(`${file}: the chain is intact\n`);
      process.exitCode = problems.length === 0 ? EXIT.ok : EXIT.failed;
    });
  return audit;
}
