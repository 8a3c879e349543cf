import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { diagnosticsToJson, emptySpan, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { repairLog } from "../audit/audit-log.js";
import { readAuditKey } from "../audit/audit-key.js";
import { anchorOf } from "../audit/anchor.js";
import { verifyLog } from "../audit/verify-log.js";
import { verifyBinding } from "../audit/history-binding.js";
import { formatDiagnostics, sortDiagnostics } from "../diagnostics/print-diagnostics.js";
import { choiceOption } from "../options/option-groups.js";
import { plural } from "../render/plural.js";
import { sarifLog } from "../render/render-sarif.js";
import { useColor } from "../terminal.js";
import { writeFileAtomically } from "../output/atomic-output.js";
import { historyLocation, openStore } from "../history/check-history.js";
import { CliError, EXIT } from "../exit-codes.js";

const KEY_OPTION = [
  "--audit-key <file>",
  "the audit key (at least 16 bytes): check every record's MAC (default: TENET_AUDIT_KEY_FILE, else TENET_AUDIT_KEY)",
] as const;

interface VerifyOptions {
  auditKey?: string;
  anchor?: string;
  history?: string;
  format: "text" | "json" | "sarif";
  color?: boolean;
}

/** What `audit verify` found, the same facts in every format. */
interface AuditVerdict {
  file: string;
  intact: boolean;
  records: number;
  head?: string;
  macsChecked: boolean;
  extendsAnchor?: boolean;
}

/**
 * The verdict as the other commands write results: text (the problems, then one line when the
 * chain is intact), JSON (the verdict with its diagnostics), or SARIF (the problems as results).
 */
function renderVerdict(verdict: AuditVerdict, diagnostics: Diagnostic[], options: VerifyOptions): string {
  if (options.format === "json")
    return `${JSON.stringify({ ...verdict, diagnostics: diagnosticsToJson(sortDiagnostics(diagnostics)) })}\n`;
  const style = { format: options.format, color: useColor(process.stdout, options.color) };
  if (options.format === "sarif")
    return formatDiagnostics(diagnostics, new Map(), style) || `${JSON.stringify(sarifLog([]))}\n`;
  const problems = formatDiagnostics(diagnostics, new Map(), style);
  if (!verdict.intact) return problems;
  const details = [
    plural(verdict.records, "record"),
    ...(verdict.head === undefined ? [] : [`head ${verdict.head}`]),
    ...(verdict.macsChecked ? ["every MAC checked"] : []),
    ...(verdict.extendsAnchor === undefined ? [] : ["extends the anchor"]),
  ];
  return `${problems}${verdict.file}: the chain is intact: ${details.join(", ")}\n`;
}

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
    .addOption(choiceOption("-f, --format <format>", "output format", ["text", "json", "sarif"], "text"))
    .option("--no-color", "no colours (also honours NO_COLOR; FORCE_COLOR forces them)")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ head -c 32 /dev/urandom > audit.key",
        "  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z --audit-log " +
          "audit.ndjson --audit-key audit.key --anchor audit.anchor  # exit 1",
        '  $ tenet audit verify audit.ndjson --audit-key audit.key --anchor "$(cat audit.anchor)"',
        "",
        "Exit codes: 0 the chain is intact, 1 it is broken (each broken record is named), 2 usage error.",
        "What is detected with and without a key and an anchor: docs/audit-log.md.",
      ].join("\n"),
    )
    .action(async (file: string, options: VerifyOptions) => {
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
      const broken = diagnostics.some((d) => d.severity === "error");
      const verdict: AuditVerdict = {
        file,
        intact: !broken,
        records,
        ...(head === undefined ? {} : { head: anchorOf(head) }),
        macsChecked: key !== undefined,
        ...(anchor === undefined ? {} : { extendsAnchor: !diagnostics.some((d) => d.code === "CP5074") }),
      };
      process.stdout.write(renderVerdict(verdict, diagnostics, options));
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
