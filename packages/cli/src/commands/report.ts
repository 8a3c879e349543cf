import { Command } from "commander";
import { prepare } from "@tenet/evaluator";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { EXIT, invocationDiagnostic, usageError } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryTenant } from "../input/snapshot-directory.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicyContext, readSettings } from "../policies/load-policy-context.js";
import { FrameworkAccumulator, frameworkText } from "../report/framework-report.js";
import { loadCatalog } from "../report/catalog.js";

export function reportCommand(): Command {
  const command = new Command("report")
    .description(
      "compliance report for auditors: per control of a framework, the covering rules, the share of devices that pass, open waivers and gaps",
    )
    .argument(
      "<snapshots...>",
      "device snapshots (as for `tenet check`, a snapshot directory from `tenet pull` included)",
    )
    .requiredOption(
      "--framework <name>",
      "framework id as policies cite it: iso27001, cis, nist80053, hipaa, soc2, soc3, gdpr, iso27017, ...",
    )
    .option(
      "--catalog <file>",
      "framework catalog (default: frameworks/catalog.json in or next to the policy directory)",
    );
  return withOptions(command, ["policy", "now", "tenant", "schema"], { formats: ["text", "json"], default: "text" })
    .addHelpText(
      "after",
      "\nExample:\n  $ tenet report --framework iso27001 -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z\n\nExit codes: 0 report written, 2 usage or input error, 3 policy errors.",
    )
    .action(
      async (snapshots: string[], options: SharedOptions & { framework: string; catalog?: string; format: string }) => {
        const format = choice(options.format, ["text", "json"] as const, "--format");
        // A pulled snapshot directory brings its tenant settings unless --tenant is given.
        const directoryTenant = snapshotDirectoryTenant(snapshots);
        const settings = readSettings(
          options.tenant === undefined && directoryTenant !== undefined
            ? { ...options, tenant: directoryTenant }
            : options,
        );
        const policyPaths = options.policy ?? settings.config.policy ?? ["policies"];
        const { catalog, path: catalogPath } = loadCatalog(options.catalog, policyPaths);
        const { now, tenant, schema, policies, compiled } = loadPolicyContext(
          options,
          { warnings: "onErrors" },
          settings,
        );
        const cited = new Set(
          policies.set.compliance.flatMap((p) => p.rules.flatMap((r) => r.controls.map((c) => c.framework))),
        );
        if (catalog[options.framework] === undefined && !cited.has(options.framework)) {
          throw usageError("CP5206", {
            framework: options.framework,
            known: [...new Set([...Object.keys(catalog), ...cited])].join(", "),
          });
        }
        if (catalog[options.framework] === undefined)
          printDiagnostics(
            [
              invocationDiagnostic("CP5207", {
                framework: options.framework,
                where: catalogPath === undefined ? "" : ` in ${catalogPath}`,
              }),
            ],
            new Map(),
          );
        const acc = new FrameworkAccumulator(policies.set, options.framework, now.millis, catalog);
        const prepared = prepare(compiled, { now, explain: false, ...(tenant === undefined ? {} : { tenant }) });
        const validate = snapshotValidator(schema);
        let inputErrors = 0;
        for await (const raw of readSnapshots(expandPaths(snapshots))) {
          const record = validate(raw);
          if (record.error !== undefined) {
            inputErrors++;
            printDiagnostics([record.error], new Map());
            continue;
          }
          acc.add(prepared.evaluate(record.value));
        }
        const report = acc.report();
        process.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : frameworkText(report));
        process.exitCode = inputErrors > 0 ? EXIT.inputErrors : EXIT.ok;
      },
    );
}
