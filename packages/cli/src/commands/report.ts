import { Command } from "commander";
import { renderDiagnostics } from "@tenet/parser";
import { compile, prepare } from "@tenet/evaluator";
import { choice, collectPaths, nowOption, schemaOption, tenantOption, NOW_HELP } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicies } from "../policies/load-policies.js";
import { FrameworkAccumulator, frameworkText } from "../report/framework-report.js";
import { loadCatalog } from "../report/catalog.js";

export function reportCommand(): Command {
  return new Command("report")
    .description("compliance report for auditors: per control of a framework, the covering rules, the share of devices that pass, open waivers and gaps")
    .argument("<snapshots...>", "device snapshots (as for `tenet check`)")
    .requiredOption("--framework <name>", "framework id as policies cite it: iso27001, cis, nist80053, hipaa, soc2, soc3, gdpr, iso27017, ...")
    .option("--catalog <file>", "framework catalog (default: frameworks/catalog.json in or next to the policy directory)")
    .option("-p, --policy <path>", "policy file or directory; repeat or comma-separate (default: tenet.config policy, else policies/)", collectPaths)
    .option("--now <instant>", NOW_HELP)
    .option("--tenant <file>", "tenant settings JSON")
    .option("--schema <file>", "custom device facts schema")
    .option("--format <format>", "text or json", "text")
    .addHelpText("after", "\nExample:\n  $ tenet report --framework iso27001 -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z\n\nExit codes: 0 report written, 2 usage or input error, 3 policy errors.")
    .action(async (snapshots: string[], options: { framework: string; catalog?: string; policy?: string[]; now?: string; tenant?: string; schema?: string; format: string }) => {
      const config = loadConfig();
      const format = choice(options.format, ["text", "json"] as const, "--format");
      const now = nowOption(options.now ?? config.now);
      const tenant = tenantOption(options.tenant ?? config.tenant);
      const schema = schemaOption(options.schema ?? config.schema);
      const policyPaths = options.policy ?? config.policy ?? ["policies"];
      const policies = loadPolicies(policyPaths, { now: now.millis, schemas: { device: schema } });
      const { catalog, path: catalogPath } = loadCatalog(options.catalog, policyPaths);
      if (policies.diagnostics.some((d) => d.severity === "error")) process.stderr.write(renderDiagnostics(policies.diagnostics, (f) => policies.sources.get(f)));
      if (policies.hasErrors) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const cited = new Set(policies.set.compliance.flatMap((p) => p.rules.flatMap((r) => r.controls.map((c) => c.framework))));
      if (catalog[options.framework] === undefined && !cited.has(options.framework)) {
        throw new UsageError(`unknown framework \`${options.framework}\`; known: ${[...new Set([...Object.keys(catalog), ...cited])].join(", ")}`);
      }
      if (catalog[options.framework] === undefined) process.stderr.write(`no catalog entry for \`${options.framework}\`${catalogPath === undefined ? "" : ` in ${catalogPath}`}: coverage is reported, gaps are not\n`);
      const compiled = compile(policies.set);
      const acc = new FrameworkAccumulator(policies.set, options.framework, now.millis, catalog);
      const prepared = prepare(compiled, { now, explain: false, ...(tenant === undefined ? {} : { tenant }) });
      const validate = snapshotValidator(schema);
      let inputErrors = 0;
      for await (const raw of readSnapshots(expandPaths(snapshots))) {
        const record = validate(raw);
        if (record.error !== undefined) {
          inputErrors++;
          process.stderr.write(`${record.source}${record.line === undefined ? "" : `:${record.line}`}: error[${record.error.code}]: ${record.error.message}\n`);
          continue;
        }
        acc.add(prepared.evaluate(record.value));
      }
      const report = acc.report();
      process.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : frameworkText(report));
      process.exitCode = inputErrors > 0 ? EXIT.inputErrors : EXIT.ok;
    });
}
