import { Command } from "commander";
import { builtinSchema, renderDiagnostics } from "@tenet/parser";
import { accessSummary, compile, prepareAccess, type AccessDecision } from "@tenet/evaluator";
import { choice, collectPaths, nowOption, NOW_HELP } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicies } from "../policies/load-policies.js";
import { paintWith, useColor, type Paint } from "../terminal.js";

const FORMATS = ["text", "json", "intune"] as const;

export function whatifCommand(): Command {
  return new Command("whatif")
    .description("What If: which access policies apply to a sign-in, the decision, and what the user must still do")
    .argument("<signins...>", "sign-in snapshots (JSON, NDJSON, YAML), directories, globs, or - for stdin")
    .option("-p, --policy <path>", "policy file or directory; repeat or comma-separate for more (default: tenet.config policy, else policies/)", collectPaths)
    .option("--now <instant>", NOW_HELP)
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "text")
    .option("--no-color", "no colours (also honours NO_COLOR)")
    .addHelpText("after", "\nExamples:\n  $ tenet whatif -p policies examples/signins/guest-from-untrusted.json --now 2026-11-25T12:00:00Z\n  $ tenet whatif -p policies examples/signins --format intune\n\nExit codes: 0 evaluated, 2 usage error or unreadable sign-ins, 3 policy errors.")
    .action(async (signins: string[], options: { policy?: string[]; now?: string; format: string; color?: boolean }) => {
      const config = loadConfig();
      const format = choice(options.format, FORMATS, "--format");
      const now = nowOption(options.now ?? config.now);
      const policies = loadPolicies(options.policy ?? config.policy ?? ["policies"], { now: now.millis });
      if (policies.diagnostics.length > 0) process.stderr.write(renderDiagnostics(policies.diagnostics, (f) => policies.sources.get(f)));
      if (policies.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const compiled = compile(policies.set);
      const validate = snapshotValidator(builtinSchema("signIn"));
      const paint = paintWith(useColor(process.stdout, options.color));
      const prepared = prepareAccess(compiled, { now });
      let inputErrors = 0;
      for await (const raw of readSnapshots(expandPaths(signins))) {
        const record = validate(raw);
        const where = `${record.source}${record.line === undefined ? "" : `:${record.line}`}`;
        if (record.error !== undefined) {
          inputErrors++;
          process.stderr.write(`${where}: error[${record.error.code}]: ${record.error.message}\n`);
          continue;
        }
        const decision = prepared.evaluate(record.value);
        if (format === "json") process.stdout.write(`${JSON.stringify({ input: where, ...decision })}\n`);
        else if (format === "intune") process.stdout.write(`${JSON.stringify(accessSummary(decision))}\n`);
        else process.stdout.write(whatifText(where, decision, paint));
      }
      process.exitCode = inputErrors > 0 ? EXIT.inputErrors : EXIT.ok;
    });
}

function whatifText(where: string, d: AccessDecision, paint: Paint): string {
  // An enforced policy whose remaining controls this client can never satisfy (legacy authentication) stops the sign-in.
  const stuck = d.policies.some((p) => p.applies && p.state === "enabled" && p.unsatisfiable !== undefined && (p.operator === "OR" ? p.unsatisfiable.length === p.unmet.length : p.unsatisfiable.length > 0));
  const verdict =
    d.decision === "block"
      ? paint("red", "blocked")
      : d.accessGrantedNow
        ? paint("green", "granted")
        : stuck
          ? paint("red", "not granted: this client cannot satisfy the controls below")
          : paint("yellow", "granted after the user satisfies the controls below");
  const out = [`${paint("bold", where)}: ${verdict}`];
  for (const p of d.policies) {
    const state = p.state === "enabled" ? "" : ` [${p.state}]`;
    if (p.state === "disabled") out.push(`  - ${p.policy}${state}: not evaluated`);
    else if (!p.applies) out.push(`  - ${p.policy}${state}: does not apply (${p.reason}: ${p.detail})`);
    else {
      const needs = p.grant === "block" ? "block" : p.unmet.length === 0 ? "satisfied" : `needs ${p.unmet.join(p.operator === "OR" ? " or " : " and ")}`;
      out.push(`  ✓ ${p.policy}${state}: applies, ${needs}${p.reportOnlyResult === undefined ? "" : ` (report-only result: ${p.reportOnlyResult})`}${p.unsatisfiable === undefined ? "" : ` (${p.detail})`}`);
    }
  }
  const session = Object.entries(d.session).map(([k, v]) => `${k} ${k === "signInFrequency" && typeof v === "number" ? `${v / 3_600_000}h` : String(v)}`);
  if (session.length > 0) out.push(`  session: ${session.join(", ")}`);
  return `${out.join("\n")}\n`;
}
