import { Command } from "commander";
import { factsRead, prepare } from "@tenet/evaluator";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice, nowOption, periodDays as periodOption } from "../options/option-values.js";
import { historyLocation, openStore } from "../history/check-history.js";
import { loadConfig } from "../config.js";
import { frameworkReportAsOf, reportAsOfText } from "../report/report-as-of.js";
import { htmlReportAsOf } from "../report/report-as-of-html.js";
import { openSink } from "../output/atomic-output.js";
import { EXIT, invocationDiagnostic, usageError } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryTenant } from "../input/snapshot-directory.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicyContext, readSettings } from "../policies/load-policy-context.js";
import { FrameworkAccumulator, frameworkText } from "../report/framework-report.js";
import { loadCatalog } from "../report/catalog.js";

type ReportOptions = SharedOptions & {
  framework: string;
  catalog?: string;
  format: string;
  asOf?: string;
  history?: string;
  period?: string;
};

/** `report --as-of`: the report recomputed from the run store (see report/report-as-of.ts). */
async function reportFromHistory(
  snapshots: string[],
  options: ReportOptions,
  format: "text" | "json" | "html",
): Promise<void> {
  if (options.asOf === undefined) throw usageError("CP5201", { option: "--period", needs: "--as-of" });
  if (snapshots.length > 0)
    throw usageError("CP5200", {
      reason: "--as-of reads the fleet from the history store; give no snapshots with it",
      usage: "report --help",
    });
  const config = loadConfig();
  const location = historyLocation(options.history, config.history);
  if (location === undefined) throw usageError("CP5218");
  const instant = nowOption(options.asOf).iso;
  const periodDays = options.period === undefined ? undefined : periodOption(options.period);
  const { catalog } = loadCatalog(options.catalog, options.policy ?? config.policy ?? ["policies"]);
  const store = await openStore(location);
  if (format === "html") {
    let replay;
    const sink = openSink(undefined);
    try {
      const run = await store.runAsOf(instant);
      replay = await htmlReportAsOf(
        store,
        run,
        { catalog, ...(periodDays === undefined ? {} : { periodDays }) },
        (chunk) => sink.write(chunk),
      );
      if (!replay.identical)
        printDiagnostics(
          [invocationDiagnostic("CP5109", { run: run.id, store: store.location, devices: replay.devicesDiffering })],
          new Map(),
        );
    } finally {
      await store.close();
      await sink.close();
    }
    process.exitCode = replay.identical ? EXIT.ok : EXIT.failed;
    return;
  }
  let report;
  try {
    report = await frameworkReportAsOf(store, {
      framework: options.framework,
      catalog,
      instant,
      ...(periodDays === undefined ? {} : { periodDays }),
    });
  } finally {
    await store.close();
  }
  if (report.controls.length === 0 && catalog[options.framework] === undefined)
    throw usageError("CP5206", { framework: options.framework, known: Object.keys(catalog).join(", ") });
  if (!report.asOf.replayIdentical)
    printDiagnostics(
      [
        invocationDiagnostic("CP5109", {
          run: report.asOf.run,
          store: report.asOf.store,
          devices: report.asOf.devicesDiffering,
        }),
      ],
      new Map(),
    );
  process.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : reportAsOfText(report));
  process.exitCode = report.asOf.replayIdentical ? EXIT.ok : EXIT.failed;
}

export function reportCommand(): Command {
  const command = new Command("report")
    .description(
      "compliance report for auditors: per control of a framework, the covering rules, the share of devices " +
        "that pass, open waivers and gaps",
    )
    .argument(
      "[snapshots...]",
      "device snapshots (as for `tenet check`, a snapshot directory from `tenet pull` included); none with --as-of",
    )
    .requiredOption(
      "--framework <name>",
      "framework id as policies cite it: iso27001, cis, nist80053, hipaa, soc2, soc3, gdpr, iso27017, ...",
    )
    .option(
      "--catalog <file>",
      "framework catalog (default: frameworks/catalog.json in or next to the policy directory)",
    )
    .option(
      "--as-of <instant>",
      "the report as the fleet stood at this instant, replayed from the history store's last run at or before " +
        "it (with its own policies), with the run's hashes as proof",
    )
    .option(
      "--history <store>",
      "with --as-of: the history store, a directory or postgres:// URL (default: TENET_HISTORY_URL, else `history` in tenet.config.yaml)",
    )
    .option(
      "--period <days>",
      "with --as-of: the period before it, e.g. 90d: per control and policy the daily share passing, devices " +
        "newly failing and fixed, time to fix; waivers open or expired; the runs and row hashes that prove it",
    );
  return withOptions(command, ["policy", "now", "tenant", "schema"], {
    formats: ["text", "json", "html"],
    default: "text",
    note: "html with --as-of: the run's HTML report, as `check --format html` writes it, with --period's time axis",
  })
    .addHelpText(
      "after",
      "\nExamples:\n  $ tenet report --framework iso27001 -p policies examples/fleet/devices.ndjson --now " +
        "2026-11-25T12:00:00Z\n  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-06-30T12:00:00Z " +
        "--history .tenet-history --fail-on never -f csv -o run.csv\n  $ tenet report --framework iso27001 --as-of " +
        "2026-06-30T23:59:59Z --period 90d --history .tenet-history\n  $ tenet report --framework iso27001 --as-of " +
        "2026-06-30T23:59:59Z --period 90d --history .tenet-history --format html > as-of.html\n\nExit codes: 0 report " +
        "written, 1 the --as-of run did not replay identically (CP5109), 2 usage or input error, 3 policy errors.",
    )
    .action(async (snapshots: string[], options: ReportOptions) => {
      const format = choice(options.format, ["text", "json", "html"] as const, "--format");
      if (options.asOf !== undefined || options.period !== undefined)
        return reportFromHistory(snapshots, options, format);
      if (format === "html")
        throw usageError("CP5201", {
          option: "--format html",
          needs: "--as-of (today's fleet: tenet check --format html)",
        });
      if (snapshots.length === 0)
        throw usageError("CP5200", {
          reason: "no snapshots: pass device snapshots, or --as-of with a history store",
          usage: "report --help",
        });
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
      const validate = snapshotValidator(schema, factsRead(compiled));
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
    });
}
