import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { emptySpan, makeDiagnostic } from "@tenet/parser";
import { repairLog } from "../audit/audit-log.js";
import { readAuditKey } from "../audit/audit-key.js";
import { anchorOf } from "../audit/anchor.js";
import { verifyLog } from "../audit/verify-log.js";
import { verifyBinding } from "../audit/history-binding.js";
import { formatDiagnostics } from "../diagnostics/print-diagnostics.js";
import { writeFileAtomically } from "../output/atomic-output.js";
import { historyLocation, openStore } from "../history/check-history.js";
import { CliError, EXIT } from "../exit-codes.js";

const KEY_OPTION = [
  "--audit-key <file>",
  "the audit key (at least 16 bytes): check every record's MAC (default: TENET_AUDIT_KEY_FILE, else TENET_AUDIT_KEY)",
] as const;

const missing = (file: string) => new CliError([makeDiagnostic("CP5001", emptySpan(file), { path: file })]);

export function auditCommand(): Command {
  const audit = new Command("audit").description(
    "work with the hash-chained audit log written by `tenet check --audit-log`",
  );
  audit
    .command("verify")
    .description(
      "check that no record of an audit log was edited, removed, inserted or reordered, and that it extends an anchor",
    )
    .argument("<file>", "the audit log (NDJSON)")
    .option(...KEY_OPTION)
    .option(
      "--anchor <anchor>",
      "a head kept elsewhere (`SEQ:HASH` as `tenet audit anchor` prints, or a file holding it): the log must still hold it",
    )
    .option(
      "--history <store>",
      "also check the history store's chain and that every run the log names is in it unchanged",
    )
    .addHelpText(
      "after",
      '\nExamples:\n  $ head -c 32 /dev/urandom > audit.key\n  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z --audit-log audit.ndjson --audit-key audit.key --anchor audit.anchor  # exit 1\n  $ tenet audit verify audit.ndjson --audit-key audit.key --anchor "$(cat audit.anchor)"\n\nExit codes: 0 the chain is intact, 1 it is broken (each broken record is named), 2 usage error.\nWhat is detected with and without a key and an anchor: docs/audit-log.md.',
    )
    .action(async (file: string, options: { auditKey?: string; anchor?: string; history?: string }) => {
      if (!existsSync(file)) throw missing(file);
      const key = readAuditKey(options.auditKey);
      const anchor =
        options.anchor !== undefined && existsSync(options.anchor)
          ? readFileSync(options.anchor, "utf8").trim()
          : options.anchor;
      const { diagnostics, records, head } = verifyLog(file, {
        ...(key === undefined ? {} : { key }),
        ...(anchor === undefined ? {} : { anchor }),
      });
      const location = options.history === undefined ? undefined : historyLocation(options.history, undefined);
      if (location !== undefined) {
        const store = await openStore(location);
        try {
          for (const problem of await verifyBinding(file, store))
            diagnostics.push(makeDiagnostic("CP5082", emptySpan(file), { problem }));
        } finally {
          await store.close();
        }
      }
      process.stdout.write(formatDiagnostics(diagnostics, new Map()));
      const broken = diagnostics.some((d) => d.severity === "error");
      if (!broken)
        process.stdout.write(
          `${file}: the chain is intact: ${records} records${head === undefined ? "" : `, head ${anchorOf(head)}`}${key === undefined ? "" : ", every MAC checked"}${anchor === undefined ? "" : ", extends the anchor"}\n`,
        );
      process.exitCode = broken ? EXIT.failed : EXIT.ok;
    });
  audit
    .command("anchor")
    .description("print the head of a verified audit log (`SEQ:HASH`) to keep elsewhere for `audit verify --anchor`")
    .argument("<file>", "the audit log (NDJSON)")
    .option(...KEY_OPTION)
    .option("-o, --output <file>", "write the anchor to this file (replaced atomically) instead of standard output")
    .action((file: string, options: { auditKey?: string; output?: string }) => {
      if (!existsSync(file)) throw missing(file);
      const key = readAuditKey(options.auditKey);
      const { diagnostics, head } = verifyLog(file, key === undefined ? {} : { key });
      if (diagnostics.some((d) => d.severity === "error") || head === undefined) {
        process.stdout.write(formatDiagnostics(diagnostics, new Map()));
        process.exitCode = EXIT.failed;
        return;
      }
      if (options.output === undefined) process.stdout.write(`${anchorOf(head)}\n`);
      else
        writeFileAtomically(options.output, `${anchorOf(head)}\n`, {
          protect: [{ path: file, what: "the audit log" }],
        });
    });
  audit
    .command("repair")
    .description("move an incomplete last record (a run killed while appending) to FILE.torn so the chain continues")
    .argument("<file>", "the audit log (NDJSON)")
    .action((file: string) => {
      if (!existsSync(file)) throw missing(file);
      const done = repairLog(file);
      if (done === undefined) process.stdout.write(`${file}: nothing to repair: the last record is complete\n`);
      else process.stdout.write(formatDiagnostics([done], new Map()));
    });
  return audit;
}
