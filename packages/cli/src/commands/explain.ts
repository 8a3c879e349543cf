import { Command } from "commander";
import { evaluate } from "@tenet/evaluator";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicyContext } from "../policies/load-policy-context.js";
import { loadMemberships } from "../input/memberships.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { paintWith, useColor } from "../terminal.js";
import { explainText } from "../render/explain-text.js";

export function explainCommand(): Command {
  const command = new Command("explain")
    .description("explain one device: every policy and rule, what was read, what was expected, how to fix it")
    .argument("<snapshot>", "a device snapshot (JSON or YAML), or - for stdin")
    .option("--device <id>", "pick the device with this id or name when the file holds several");
  return withOptions(command, ["policy", "now", "tenant", "schema", "groups", "color"], { formats: ["text", "json"], default: "text" })
    .addHelpText("after", "\nExample:\n  $ tenet explain -p policies examples/fleet/devices.json --device LAPTOP-0042 --now 2026-11-25T12:00:00Z")
    .action(async (snapshot: string, options: SharedOptions & { device?: string; format: string }) => {
      const format = choice(options.format, ["text", "json"] as const, "--format");
      const { now, tenant, schema, compiled } = loadPolicyContext(options);
      const memberships = options.groups === undefined ? undefined : loadMemberships(options.groups);
      printDiagnostics(memberships?.diagnostics ?? [], new Map());
      const validate = snapshotValidator(schema);
      let chosen: unknown;
      for await (const raw of readSnapshots([snapshot])) {
        const record = validate(raw);
        if (record.error !== undefined) {
          process.stderr.write(`${record.source}${record.line === undefined ? "" : `:${record.line}`}: error[${record.error.code}]: ${record.error.message}\n`);
          process.exitCode = EXIT.inputErrors;
          return;
        }
        const v = record.value as Record<string, unknown>;
        if (options.device === undefined || v["id"] === options.device || v["deviceName"] === options.device) {
          chosen = v;
          break;
        }
      }
      if (chosen === undefined) throw new UsageError(options.device === undefined ? `no snapshot in \`${snapshot}\`` : `no device \`${options.device}\` in \`${snapshot}\``);
      const result = evaluate(compiled, chosen, { now, ...(tenant === undefined ? {} : { tenant }), ...(memberships === undefined ? {} : { memberships: memberships.index }), explain: true });
      process.stdout.write(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : explainText(result, paintWith(useColor(process.stdout, options.color))));
      // A membership record that could not be used is an input error, which outranks findings.
      process.exitCode = (memberships?.diagnostics.length ?? 0) > 0 ? EXIT.inputErrors : result.state === "noncompliant" || result.state === "error" ? EXIT.failed : EXIT.ok;
    });
}
