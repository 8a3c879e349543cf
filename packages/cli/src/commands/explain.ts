import { Command } from "commander";
import { evaluate, factsRead } from "@tenet/evaluator";
import { emptySpan, makeDiagnostic } from "@tenet/parser";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { closestOf } from "@tenet/parser";
import { CliError, EXIT } from "../exit-codes.js";
import { DEFAULT_FAIL_ON, FAIL_ON, failsGate } from "../run/gate.js";
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
    .option("--device <id>", "the device with this id or name, when the file holds several")
    .addOption(
      choiceOption(
        "--fail-on <level>",
        `exit 1 when the device is at this level or worse (default: ${DEFAULT_FAIL_ON}, as for check)`,
        FAIL_ON,
      ),
    );
  return withOptions(command, ["policy", "now", "tenant", "schema", "groups", "color"], {
    formats: ["text", "json"],
    default: "text",
  })
    .addHelpText(
      "after",
      [
        "",
        "Example:",
        "  $ tenet explain -p policies examples/fleet/devices.json --device LAPTOP-0004-NOBITLOCKER --now " +
          "2026-11-25T12:00:00Z  # exit 1",
        "",
        "Exit codes: 0 the device passes --fail-on, 1 it does not, 2 usage or input error, 3 policy errors.",
      ].join("\n"),
    )
    .action(async (snapshot: string, options: SharedOptions & { device?: string; failOn?: string; format: string }) => {
      const format = choice(options.format, ["text", "json"] as const, "--format");
      const failOn = choice(options.failOn ?? DEFAULT_FAIL_ON, FAIL_ON, "--fail-on");
      const { now, tenant, schema, compiled } = loadPolicyContext(options);
      const memberships = options.groups === undefined ? undefined : loadMemberships(options.groups);
      printDiagnostics(memberships?.diagnostics ?? [], new Map());
      const validate = snapshotValidator(schema, factsRead(compiled));
      let chosen: unknown;
      let inputErrors = 0;
      // Names of the devices read, to suggest one when --device is missing or matches none.
      const names: string[] = [];
      for await (const raw of readSnapshots([snapshot])) {
        const record = validate(raw);
        if (record.error !== undefined) {
          inputErrors++;
          printDiagnostics([record.error], new Map());
          continue;
        }
        const v = record.value as Record<string, unknown>;
        const name = String(v["deviceName"] ?? v["id"] ?? `#${record.index + 1}`);
        names.push(name);
        if (options.device !== undefined && (v["id"] === options.device || v["deviceName"] === options.device)) {
          chosen = v;
          break;
        }
        if (options.device === undefined) chosen ??= v;
      }
      if (options.device === undefined && names.length > 1)
        throw new CliError([
          makeDiagnostic("CP5205", emptySpan(snapshot), { path: snapshot, count: names.length, example: names[0]! }),
        ]);
      if (chosen === undefined) {
        if (options.device === undefined)
          throw new CliError(
            inputErrors > 0 ? [] : [makeDiagnostic("CP5003", emptySpan(snapshot), { path: snapshot })],
          );
        const near = closestOf(options.device, names, 3);
        const help =
          near.length > 0
            ? `did you mean ${near.map((n) => `\`${n}\``).join(", ")}?`
            : `the file holds ${names.length} devices; \`tenet check\` lists them`;
        throw new CliError([
          makeDiagnostic("CP5204", emptySpan(snapshot), { device: options.device, path: snapshot, help }),
        ]);
      }
      const result = evaluate(compiled, chosen, {
        now,
        ...(tenant === undefined ? {} : { tenant }),
        ...(memberships === undefined ? {} : { memberships: memberships.index }),
        explain: true,
      });
      process.stdout.write(
        format === "json"
          ? `${JSON.stringify(result, null, 2)}\n`
          : explainText(result, paintWith(useColor(process.stdout, options.color))),
      );
      // An unusable membership record or an unreadable input is an input error, which outranks findings.
      process.exitCode =
        inputErrors > 0 || (memberships?.diagnostics.length ?? 0) > 0
          ? EXIT.inputErrors
          : failsGate(result.state, failOn)
            ? EXIT.failed
            : EXIT.ok;
    });
}
