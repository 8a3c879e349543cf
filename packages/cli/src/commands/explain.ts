import { Command } from "commander";
import { renderDiagnostics } from "@tenet/parser";
import { compile, evaluate, type DeviceResult, type RuleResult } from "@tenet/evaluator";
import { choice, nowOption, schemaOption, tenantOption, collectPaths, NOW_HELP } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicies } from "../policies/load-policies.js";
import { loadMemberships } from "../input/memberships.js";
import { paintWith, useColor, type Paint } from "../terminal.js";

export function explainCommand(): Command {
  return new Command("explain")
    .description("explain one device: every policy and rule, what was read, what was expected, how to fix it")
    .argument("<snapshot>", "a device snapshot (JSON or YAML), or - for stdin")
    .option("-p, --policy <path>", "policy file or directory; repeat or comma-separate for more (default: tenet.config policy, else policies/)", collectPaths)
    .option("--device <id>", "pick the device with this id or name when the file holds several")
    .option("--now <instant>", NOW_HELP)
    .option("--tenant <file>", "tenant settings JSON")
    .option("--schema <file>", "custom device facts schema")
    .option("--groups <file>", "group memberships for policies with assignments (NDJSON of Graph groups with transitiveMembers)")
    .option("--format <format>", "text or json", "text")
    .option("--no-color", "no colours (also honours NO_COLOR)")
    .addHelpText("after", "\nExample:\n  $ tenet explain -p policies examples/fleet/devices.json --device LAPTOP-0042 --now 2026-11-25T12:00:00Z")
    .action(async (snapshot: string, options: { policy?: string[]; device?: string; now?: string; tenant?: string; schema?: string; groups?: string; format: string; color?: boolean }) => {
      const config = loadConfig();
      const format = choice(options.format, ["text", "json"] as const, "--format");
      const now = nowOption(options.now ?? config.now);
      const tenant = tenantOption(options.tenant ?? config.tenant);
      const schema = schemaOption(options.schema ?? config.schema);
      const policies = loadPolicies(options.policy ?? config.policy ?? ["policies"], { now: now.millis, schemas: { device: schema } });
      if (policies.diagnostics.length > 0) process.stderr.write(renderDiagnostics(policies.diagnostics, (f) => policies.sources.get(f)));
      if (policies.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const memberships = options.groups === undefined ? undefined : loadMemberships(options.groups);
      if (memberships !== undefined && memberships.diagnostics.length > 0) process.stderr.write(renderDiagnostics(memberships.diagnostics, () => undefined));
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
      const result = evaluate(compile(policies.set), chosen, { now, ...(tenant === undefined ? {} : { tenant }), ...(memberships === undefined ? {} : { memberships: memberships.index }), explain: true });
      process.stdout.write(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : explainText(result, paintWith(useColor(process.stdout, options.color))));
      process.exitCode = result.state === "noncompliant" || result.state === "error" ? EXIT.failed : EXIT.ok;
    });
}

const MARK: Record<string, string> = { pass: "✓", fail: "✗", error: "!", waived: "~", notApplicable: "-", unknown: "?" };

function explainText(r: DeviceResult, paint: Paint): string {
  const out = [`${paint("bold", r.deviceName ?? r.deviceId ?? "device")} (${r.platform ?? "unknown platform"}): ${paint(r.state === "compliant" ? "green" : "red", r.state)} at ${r.now}`];
  for (const p of r.policies) {
    out.push("", `${paint("bold", p.policy)} ${paint("dim", p.title)}: ${p.state}${p.graceEndsAt === undefined ? "" : ` (grace period ends ${p.graceEndsAt})`}`);
    if (p.assignment !== undefined) {
      const a = p.assignment;
      if (a.status === "assigned") out.push(`  assigned through ${a.via.join("; ")}`);
      else out.push(`  ${a.status === "unknown" ? "assignment unknown" : "not assigned"}:`, ...a.reasons.map((reason) => `    ${reason}`));
    }
    if (p.state !== "notApplicable") for (const rule of p.rules) out.push(...ruleLines(rule, paint));
  }
  out.push("", `built-in default policy: ${r.defaultPolicy.state}${r.defaultPolicy.failed.length > 0 ? ` (failed: ${r.defaultPolicy.failed.join(", ")})` : ""}`);
  if (r.waiversApplied.length > 0) out.push(`waivers applied: ${r.waiversApplied.join(", ")}`);
  for (const a of r.actions.due) out.push(`action due: ${a.action} for ${a.policy} since ${a.dueAt}`);
  for (const a of r.actions.pending) out.push(`action pending: ${a.action} for ${a.policy} at ${a.dueAt}`);
  return `${out.join("\n")}\n`;
}

function ruleLines(rule: RuleResult, paint: Paint): string[] {
  const lines = [`  ${MARK[rule.status] ?? "?"} ${rule.rule} ${paint("dim", rule.title)}: ${rule.status}${rule.waiver === undefined ? "" : ` by waiver ${rule.waiver}`}`];
  const e = rule.explanation;
  if (e === undefined) return lines;
  for (const f of e.failed) lines.push(`      ${f.path ?? "value"} is ${JSON.stringify(f.actual)}, expected ${f.expected}${f.reason === undefined ? "" : ` (${f.reason})`}`);
  for (const err of e.errors) lines.push(`      ${err.path}: ${err.reason} [${err.code}]`);
  for (const fix of e.fixes) lines.push(`      fix: ${fix.text}`);
  if (e.remediation !== undefined) lines.push(`      remediation: ${e.remediation}`);
  for (const note of e.notes ?? []) lines.push(`      note: ${note}`);
  return lines;
}
