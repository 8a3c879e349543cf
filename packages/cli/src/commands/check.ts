import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { Command } from "commander";
import { availableParallelism } from "node:os";
import { analyzeAccess, ENGINE_VERSION } from "@tenet/evaluator";
import { builtinSchema, type Diagnostic } from "@tenet/parser";
import { briefOf, Summary } from "../render/output-record.js";
import { recordEvaluator, type EvaluationSettings } from "../run/evaluate-record.js";
import { Progress } from "../run/progress.js";
import { evaluateInOrder } from "../run/schedule-batches.js";
import { renderBatch } from "../run/render-batch.js";
import type { BatchOutput, WorkerTally } from "../run/worker-pool.js";
import { appendRun } from "../audit/audit-log.js";
import type { AuditRecord } from "../audit/audit-record.js";
import { readAuditKey } from "../audit/audit-key.js";
import { readSecretKey, type KeySource } from "../options/secret-key.js";

const REDACT_KEY_SOURCE: KeySource = {
  fileEnv: "TENET_REDACT_KEY_FILE",
  valueEnv: "TENET_REDACT_KEY",
  invalid: "CP5232",
};
import { anchorOf } from "../audit/anchor.js";
import { writeFileAtomically } from "../output/atomic-output.js";
import { loadCatalog } from "../report/catalog.js";
import { runProvenance } from "../audit/run-provenance.js";
import type { CapturedDevice, RecordedRun } from "@tenet/history";
import { CheckHistory, historyLocation, snapshotTenant } from "../history/check-history.js";
import { timeAxis, type TimeAxis } from "../report/time-axis.js";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice, outputOption, periodDays as periodOption, wholeNumber } from "../options/option-values.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { EXIT, usageError } from "../exit-codes.js";
import { DEFAULT_FAIL_ON, FAIL_ON, ONLY, type FailOn, type Only } from "../run/gate.js";
import { plural } from "../render/plural.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryTenant } from "../input/snapshot-directory.js";
import { loadMemberships, membershipFile } from "../input/memberships.js";
import { rawText, readSnapshotBatches } from "../input/read-snapshots.js";
import { loadPolicyContext, readSettings } from "../policies/load-policy-context.js";
import { findPolicyFiles } from "../policies/load-policies.js";
import { CHECK_FORMATS, rendererFor } from "../render/renderers.js";
import { openSink, paintWith, useColor } from "../terminal.js";

interface CheckOptions extends SharedOptions {
  failOn?: string;
  only?: string;
  full?: boolean;
  maxErrors?: string;
  redact?: boolean;
  redactKey?: string;
  auditLog?: string;
  auditKey?: string;
  anchor?: string;
  history?: string;
  period?: string;
  retain?: string;
  jobs?: string;
  stats?: boolean;
  /** `--no-access-analysis` sets it false. */
  accessAnalysis?: boolean;
}

export function checkCommand(): Command {
  const command = new Command("check")
    .description("evaluate device snapshots against compliance policies")
    .argument(
      "<snapshots...>",
      "snapshot files (JSON, Graph list, NDJSON, YAML, .gz), directories, globs, or - for stdin",
    );
  return withOptions(command, ["policy", "now", "tenant", "schema", "groups", "output", "quiet", "color"], {
    formats: CHECK_FORMATS,
    note: "default: table on a terminal, else ndjson",
  })
    .option(
      "--redact",
      "replace personal data (fields marked personal in the facts schema) with [redacted] in every output",
    )
    .option(
      "--redact-key <file>",
      "redact with stable pseudonyms: each personal value becomes [redacted:<first 64 bits of HMAC-SHA256 " +
        "under this key>], the same in every run with the key, so rows can still be joined (implies --redact; default: " +
        "TENET_REDACT_KEY_FILE, else TENET_REDACT_KEY; at least 16 bytes)",
    )
    .option(
      "--audit-log <file>",
      "append a hash-chained record of this run (hashes and counts only, never personal data)",
    )
    .option(
      "--audit-key <file>",
      "with --audit-log: a key (at least 16 bytes) the record's MAC is made with, so the chain cannot be " +
        "rewritten without it (default: TENET_AUDIT_KEY_FILE, else TENET_AUDIT_KEY)",
    )
    .option(
      "--anchor <file>",
      "with --audit-log: write the log's new head (`SEQ:HASH`) to this file, to keep where the log's writers cannot change it",
    )
    .option(
      "--history <store>",
      "record this run in a history store and take each device's previous state from it (grace periods, due " +
        "actions, the seven-day error rule): a directory (embedded database, created if absent) or a postgres:// URL " +
        "(default: TENET_HISTORY_URL, else `history` in tenet.config.yaml)",
    )
    .option(
      "--period <days>",
      "with --history and --format html: add the time axis over this period before the run, e.g. 90d (per " +
        "control and policy the daily share passing, devices newly failing and fixed, time to fix; waivers open or " +
        "expired; the runs and row hashes that prove it)",
    )
    .option(
      "--retain <days>",
      "with --audit-log or --history: drop records and runs older than this many days, leaving a verifiable retention marker",
    )
    .option(
      "-j, --jobs <n>",
      "threads that evaluate: the main thread and n-1 workers (default: the number of cores; files under 512 KiB " +
        "and the first 512 records of standard input start no workers, and the main thread evaluates records " +
        "whenever the workers are starting or busy); output order always equals input order",
    )
    .option("--stats", "print devices, seconds, devices per second and peak memory on standard error at the end")
    .option(
      "--no-access-analysis",
      "with --format html: leave out the Conditional Access analysis section, which otherwise analyses the " +
        "policy set's access policies over every sign-in (as `tenet analyze access` does) on each run",
    )
    .addOption(
      choiceOption(
        "--fail-on <level>",
        `exit 1 when a device is at this level or worse (default: ${DEFAULT_FAIL_ON}, so a device failing any ` +
          `rule fails CI even in its grace period)`,
        FAIL_ON,
      ),
    )
    .addOption(
      choiceOption(
        "--only <records>",
        "list `failing` records only (devices that fail --fail-on, and unreadable records) or `all` (default); " +
          "counts and the exit code still cover every record",
        ONLY,
      ),
    )
    .option(
      "--full",
      "json and ndjson: every rule of every device, passes included (the default on a terminal; on a pipe or " +
        "with -o only unmet rules are listed, which keeps a 300,000-device file small)",
    )
    .option(
      "--max-errors <n>",
      "unreadable records reported on standard error before the rest are only counted (default 20)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z --tenant examples/tenant.json  # exit 1
  $ tenet check -p examples/quick-start/laptops.tenet examples/quick-start/laptop.json --format json  # exit 1
  $ cat examples/fleet/devices.ndjson | tenet check -p policies - --only failing --format csv -o failing.csv  # exit 1

Exit codes: 0 no device fails --fail-on (default ${DEFAULT_FAIL_ON}: in grace period, noncompliant or in error),
1 some device does, 2 usage or input error (unreadable records are reported on standard error and in
the output; the others are still evaluated), 3 policy errors.`,
    )
    .action(async (snapshots: string[], options: CheckOptions) => {
      process.exitCode = await runCheck(snapshots, options);
    });
}

async function runCheck(snapshots: string[], options: CheckOptions): Promise<number> {
  // A snapshot directory from `tenet pull` brings its tenant settings, unless --tenant is given.
  const directoryTenant = snapshotDirectoryTenant(snapshots);
  const settings = readSettings(
    options.tenant === undefined && directoryTenant !== undefined ? { ...options, tenant: directoryTenant } : options,
  );
  const { config } = settings;
  // The output file is only created at the first write, after everything below is validated.
  const sink = openSink(outputOption(options.output), { protect: protectedPaths(snapshots, options, settings) });
  const failOn = choice(options.failOn ?? DEFAULT_FAIL_ON, FAIL_ON, "--fail-on");
  const only = choice(options.only ?? "all", ONLY, "--only");
  const format = choice(
    options.format ?? config.format ?? (sink.isTTY ? "table" : "ndjson"),
    CHECK_FORMATS,
    "--format",
  );
  const historyAt = historyLocation(options.history, config.history);
  if (options.retain !== undefined && options.auditLog === undefined && historyAt === undefined)
    throw usageError("CP5201", { option: "--retain", needs: "--audit-log or --history" });
  const retainDays = wholeNumber(options.retain, "--retain", 1) ?? 0;
  if (options.period !== undefined && historyAt === undefined)
    throw usageError("CP5201", { option: "--period", needs: "--history" });
  if (options.period !== undefined && format !== "html")
    throw usageError("CP5201", { option: "--period", needs: "--format html" });
  const periodDays = options.period === undefined ? undefined : periodOption(options.period);
  if (options.accessAnalysis === false && format !== "html")
    throw usageError("CP5201", { option: "--no-access-analysis", needs: "--format html" });
  for (const option of ["--audit-key", "--anchor"] as const)
    if (options[option === "--anchor" ? "anchor" : "auditKey"] !== undefined && options.auditLog === undefined)
      throw usageError("CP5201", { option, needs: "--audit-log" });
  // Read before evaluating: a bad key must not cost a whole run.
  const auditKey = options.auditLog === undefined ? undefined : readAuditKey(options.auditKey);
  // A key alone asks for redaction: pseudonyms are only ever wanted in redacted output.
  const redactKey =
    options.redactKey !== undefined || options.redact === true
      ? readSecretKey(options.redactKey, REDACT_KEY_SOURCE)
      : undefined;
  const jobs = wholeNumber(options.jobs, "--jobs", 1, 256) ?? availableParallelism();
  const maxErrors = wholeNumber(options.maxErrors, "--max-errors", 0) ?? 20;
  if (snapshots.length === 0) throw usageError("CP5017");
  const context = loadPolicyContext(options, { emptyFiles: "error" }, settings);
  const diagnosticStyle = { color: useColor(process.stderr, options.color) };
  const groupsFile = membershipFile(options.groups, snapshots);
  const memberships = groupsFile === undefined ? undefined : loadMemberships(groupsFile);
  printDiagnostics(memberships?.diagnostics ?? [], new Map(), diagnosticStyle);
  // The store is opened (and locked) before evaluation: its previous states feed it.
  const history = historyAt === undefined ? undefined : await CheckHistory.open(historyAt, periodDays !== undefined);
  try {
    return await evaluateAll(snapshots, options, {
      settings,
      sink,
      failOn,
      only,
      maxErrors,
      diagnosticStyle,
      format,
      retainDays,
      periodDays,
      auditKey,
      redactKey,
      jobs,
      context,
      groupsFile,
      memberships,
      history,
    });
  } finally {
    await history?.close();
  }
}

interface CheckRun {
  settings: ReturnType<typeof readSettings>;
  sink: ReturnType<typeof openSink>;
  failOn: FailOn;
  only: Only;
  maxErrors: number;
  diagnosticStyle: { color: boolean };
  format: (typeof CHECK_FORMATS)[number];
  retainDays: number;
  periodDays: number | undefined;
  auditKey: Buffer | undefined;
  redactKey: Buffer | undefined;
  jobs: number;
  context: ReturnType<typeof loadPolicyContext>;
  groupsFile: string | undefined;
  memberships: ReturnType<typeof loadMemberships> | undefined;
  history: CheckHistory | undefined;
}

async function evaluateAll(snapshots: string[], options: CheckOptions, checkRun: CheckRun): Promise<number> {
  const {
    settings,
    sink,
    failOn,
    only,
    maxErrors,
    diagnosticStyle,
    format,
    retainDays,
    periodDays,
    auditKey,
    redactKey,
    jobs,
    context,
    groupsFile,
    memberships,
    history,
  } = checkRun;
  const { now, tenant, schema } = settings;
  const { policies } = context;

  const color = useColor(process.stdout, options.color) && options.output === undefined;
  let auditRecord: AuditRecord | undefined;
  let recorded: RecordedRun | undefined;
  let axis: TimeAxis | undefined;
  const renderer = rendererFor(format, paintWith(color), {
    now: now.iso,
    policySetHash: () => policies.set.hash,
    failOn,
    policySet: () => policies.set,
    ...(format === "html"
      ? {
          frameworks: loadCatalog(undefined, policyPaths(options, settings)).catalog,
          provenance: () => ({
            ...runProvenance(snapshots, options.tenant, policyPaths(options, settings), auditRecord, options.auditLog),
            ...(recorded === undefined
              ? {}
              : { history: { store: history!.store.location, run: recorded.id, rowHash: recorded.rowHash } }),
          }),
          listCompliant: only !== "failing",
          timeAxis: () => axis,
          // The report given access policies shows their analysis over every sign-in, as `analyze access` does.
          access: () =>
            options.accessAnalysis !== false && context.compiled.access.some((p) => p.state !== "disabled")
              ? analyzeAccess(context.compiled, { now })
              : undefined,
        }
      : {}),
  });
  const summary = new Summary(failOn, renderer.tallies === true);
  // html shows every rule (its control coverage counts passes), and so do json and ndjson on a
  // terminal or with --full; on a pipe or a file they list unmet rules only (about a tenth of the
  // bytes per device). The other formats only ever show unmet rules.
  const full =
    format === "html" || ((format === "json" || format === "ndjson") && (options.full === true || sink.isTTY));
  const rules = full ? "all" : "failures";
  // The store keeps the reasons of failing rules, so a run it records always explains them.
  const explain = history !== undefined || (format !== "csv" && format !== "intune");
  const evaluation: EvaluationSettings = {
    failOn,
    // html lists what needs attention itself, and its charts and control coverage need every record.
    only: format === "html" ? "all" : only,
    now: now.iso,
    format,
    explain,
    rules,
    ...(history === undefined ? {} : { history: history.settings() }),
    redact: options.redact === true || redactKey !== undefined,
    ...(redactKey === undefined ? {} : { redactKey: redactKey.toString("hex") }),
    checkIn: format === "html",
    // Formats that read no more than each device's verdict skip building whole results; the store records them.
    verdict: renderer.reads === "verdict" && history === undefined,
    ...(tenant === undefined ? {} : { tenant }),
    ...(groupsFile === undefined ? {} : { groups: groupsFile }),
  };
  const inputHash = options.auditLog === undefined ? undefined : createHash("sha256");
  const files = expandPaths(snapshots);
  // `-` on a terminal waits for typing; say so instead of looking hung.
  if (files.includes("-") && process.stdin.isTTY === true && options.quiet !== true)
    process.stderr.write("tenet: reading snapshots from standard input (end with Ctrl-D)\n");
  const inputBytes = files.includes("-") ? undefined : files.reduce((sum, f) => sum + fileSize(f), 0);
  const progress = new Progress(options.quiet, inputBytes === undefined ? {} : { totalBytes: inputBytes });
  const started = Date.now();
  let pending = "";
  // The first record text written drops its separator (json's `,`): nothing comes before it.
  let separated = renderer.separator === "";
  const append = (text: string) => {
    if (text === "") return;
    pending += separated ? text : text.slice(renderer.separator.length);
    separated = true;
  };
  // Unreadable records go to standard error too (capped by --max-errors), whatever the format or -o.
  let reported = 0;
  const report = (diagnostic: Diagnostic) => {
    if (reported++ < maxErrors) printDiagnostics([diagnostic], new Map(), diagnosticStyle);
  };
  // A worker's batch comes counted: its totals join the summary and its diagnostics are reported in order.
  const tallied = (out: WorkerTally) => {
    progress.tick(out.count);
    summary.merge(out.summary);
    for (const diagnostic of out.diagnostics) report(diagnostic);
  };
  const emit = async (out: BatchOutput) => {
    if (out.history !== undefined) history!.captured.addBatch(out.history);
    if ("bytes" in out) {
      // Rendered already (on a worker, or here behind a worker's batch): only writing is left to do.
      tallied(out);
      if (pending !== "") await sink.write(pending);
      pending = "";
      if (out.bytes.length === 0) return;
      await sink.write(separated ? out.bytes : out.bytes.subarray(renderer.separator.length));
      separated = true;
      return;
    }
    if ("records" in out) {
      progress.tick(out.records.length);
      for (const record of out.records) {
        // As on the workers: html's report needs every record whatever --only says.
        const brief = briefOf(record, failOn, evaluation.only === "failing", summary.tallies);
        summary.add(brief);
        if (brief.diagnostic !== undefined) report(brief.diagnostic);
        if (brief.listed) append(renderer.take(renderer.digest(record)));
      }
    } else {
      tallied(out);
      for (const digest of out.digests) append(renderer.take(digest));
    }
    // Writes go out in chunks: one write per record costs more than evaluating it.
    if (pending.length >= 1 << 16) {
      await sink.write(pending);
      pending = "";
    }
  };
  await sink.write(renderer.begin());
  const batches = readSnapshotBatches(files, process.stdin, {
    // Lines stay bytes until evaluated, also with one job: parsing a chunk's lines as they are read
    // saved 4-5% of the instructions per record but kept a chunk of parsed snapshots alive at once,
    // and peak RSS at 1M devices rose from 126-129 to 139-159 MiB (docs/benchmarks.md).
    rawLines: true,
    syncReads: jobs > 1,
    ...(progress.enabled ? { onBytes: (n: number) => progress.bytes(n) } : {}),
  });
  const run = recordEvaluator(context.compiled, schema, evaluation, {
    ...(memberships === undefined ? {} : { memberships: memberships.index }),
    ...(history === undefined ? {} : { capture: (d: CapturedDevice, span: number) => history.captured.add(d, span) }),
    ...(renderer.wantsResult === undefined ? {} : { wantsResult: (r) => renderer.wantsResult!(r) }),
  });
  const setup = {
    sources: [...policies.sources].map(([path, text]) => ({ path, text })),
    schema: {
      json: schema.json,
      file: options.schema ?? "device.schema.json",
      builtin: schema === builtinSchema("device"),
    },
    nowMs: now.millis,
    settings: evaluation,
    color,
  };
  await evaluateInOrder(
    batches,
    {
      jobs,
      run,
      render: (records) => renderBatch(records, run, renderer, failOn, evaluation.only),
      setup,
      ...(inputBytes === undefined ? {} : { inputBytes }),
      ...(inputHash === undefined
        ? {}
        : {
            onRaw: (raw) =>
              inputHash
                .update(raw.raw === undefined ? JSON.stringify(raw.value ?? null) : rawText(raw.raw))
                .update("\n"),
          }),
    },
    emit,
  );
  if (pending !== "") await sink.write(pending);
  progress.done();
  if (reported > maxErrors)
    process.stderr.write(
      `... and ${plural(reported - maxErrors, "more unreadable record")} (raise --max-errors to see them)\n`,
    );
  if (options.stats === true) {
    const seconds = (Date.now() - started) / 1000;
    const records = summary.devices + summary.errors;
    process.stderr.write(
      `stats: ${records} records in ${seconds.toFixed(2)} s ` +
        `(${Math.round(records / Math.max(seconds, 0.001))}/s), jobs ${jobs}, peak RSS ` +
        `${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
    );
  }
  const counts = Object.fromEntries([...summary.states, ["inputErrors", summary.errors]]);
  if (history !== undefined) {
    const tenantId = snapshotTenant(snapshots);
    const bundle = {
      sources: [...policies.sources].map(([path, text]) => ({ path, text })),
      schema: { json: schema.json, file: options.schema ?? "device.schema.json" },
    };
    recorded = await history.record({
      now: now.iso,
      ...(tenantId === undefined ? {} : { tenant: tenantId }),
      compiled: context.compiled,
      bundle,
      ...(tenant === undefined ? {} : { tenantSettings: tenant }),
      ...(groupsFile === undefined ? {} : { groupsFile }),
      counts,
      redacted: options.redact === true,
    });
    if (options.quiet !== true)
      process.stderr.write(
        `history: run ${recorded.id} recorded in ${history.store.location}: ${recorded.devices} devices, ` +
          `${recorded.changed} changed, ${recorded.gone} gone, ${recorded.newSnapshots} new snapshots\n`,
      );
    const pruned = options.retain === undefined ? undefined : await history.store.retain(retainDays, now.iso);
    if (periodDays !== undefined)
      axis = await timeAxis(history.store, await history.store.run(recorded.id), periodDays);
    if (pruned !== undefined && options.quiet !== true)
      process.stderr.write(
        `history: retention dropped runs through ${pruned.throughRun} (${pruned.runs} runs, ` +
          `${pruned.snapshots} snapshots), leaving a marker\n`,
      );
  }
  // The run is recorded before the report is finished, so the html header can cite its record.
  if (options.auditLog !== undefined) {
    const appended = appendRun(
      options.auditLog,
      {
        now: now.iso,
        engineVersion: ENGINE_VERSION,
        policySetHash: policies.set.hash,
        inputHash: inputHash!.digest("hex"),
        counts,
        ...(recorded === undefined ? {} : { historyRun: { id: recorded.id, rowHash: recorded.rowHash } }),
      },
      {
        ...(auditKey === undefined ? {} : { key: auditKey }),
        ...(options.retain === undefined ? {} : { retainDays, nowMs: now.millis }),
      },
    );
    auditRecord = appended.record;
    printDiagnostics(appended.notes, new Map(), diagnosticStyle);
    if (options.anchor !== undefined)
      writeFileAtomically(options.anchor, `${anchorOf(appended.retention ?? appended.record)}\n`, {
        protect: [{ path: options.auditLog, what: "the audit log" }],
      });
  }
  await renderer.finish(summary, (chunk) => sink.write(chunk));
  await sink.close();
  if (summary.errors > 0 || (memberships?.diagnostics.length ?? 0) > 0) return EXIT.inputErrors;
  return summary.failing > 0 ? EXIT.failed : EXIT.ok;
}

/** Files this run reads, which `-o` must never replace. Policies are found as loadPolicyContext finds them. */
function protectedPaths(
  snapshots: string[],
  options: CheckOptions,
  settings: ReturnType<typeof readSettings>,
): { path: string; what: string }[] {
  const inputs = snapshots.includes("-") ? [] : expandPaths(snapshots);
  const policies = findPolicyFiles(options.policy ?? settings.config.policy ?? ["policies"], []);
  return [
    ...inputs.map((path) => ({ path, what: "an input" })),
    ...policies.map((path) => ({ path, what: "a policy file" })),
    ...(options.auditLog === undefined ? [] : [{ path: options.auditLog, what: "the audit log" }]),
    ...(options.anchor === undefined ? [] : [{ path: options.anchor, what: "the audit anchor" }]),
    ...[options.tenant, options.schema, options.groups]
      .filter((p): p is string => p !== undefined)
      .map((path) => ({ path, what: "an input" })),
  ];
}

/** The policy paths as loadPolicyContext resolves them. */
function policyPaths(options: CheckOptions, settings: ReturnType<typeof readSettings>): string[] {
  return options.policy ?? settings.config.policy ?? ["policies"];
}

function fileSize(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() === true ? stat.size : 0;
}
