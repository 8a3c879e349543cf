import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { Command } from "commander";
import { renderDiagnostics } from "@tenet/parser";
import { availableParallelism } from "node:os";
import { compile, ENGINE_VERSION } from "@tenet/evaluator";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import { briefOf, Summary, type OutputRecord } from "../render/output-record.js";
import { recordEvaluator, type EvaluationSettings } from "../run/evaluate-record.js";
import { Progress } from "../run/progress.js";
import { WorkerPool, type BatchOutput } from "../run/worker-pool.js";
import { appendRun, retain } from "../audit/audit-log.js";
import { choice, nowOption, schemaOption, tenantOption, collectPaths, NOW_HELP } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { loadMemberships, membershipFile } from "../input/memberships.js";
import { readSnapshotBatches } from "../input/read-snapshots.js";
import { loadPolicies } from "../policies/load-policies.js";
import { CHECK_FORMATS, rendererFor } from "../render/renderers.js";
import { openSink, paintWith, useColor } from "../terminal.js";

/** Records per message to a worker: large enough to amortise messaging, small enough to keep memory flat. */
const BATCH = 256;
/** Records evaluated in-process before worker threads start (see `--jobs`). */
const IN_PROCESS_FIRST = 512;

interface CheckOptions {
  policy?: string[];
  now?: string;
  tenant?: string;
  schema?: string;
  format?: string;
  output?: string;
  quiet?: boolean;
  color?: boolean;
  failOn?: string;
  redact?: boolean;
  auditLog?: string;
  retain?: string;
  jobs?: string;
  stats?: boolean;
  groups?: string;
}

export function checkCommand(): Command {
  return new Command("check")
    .description("evaluate device snapshots against compliance policies")
    .argument("<snapshots...>", "snapshot files (JSON, Graph list, NDJSON, YAML, .gz), directories, globs, or - for stdin")
    .option("-p, --policy <path>", "policy file or directory; repeat or comma-separate for more (default: tenet.config policy, else policies/)", collectPaths)
    .option("--now <instant>", `${NOW_HELP} (default: the current time)`)
    .option("--tenant <file>", "tenant settings JSON (secureByDefault, deviceComplianceCheckinThresholdDays)")
    .option("--schema <file>", "custom device facts schema (JSON Schema)")
    .option("--groups <file>", "group memberships for policies with assignments: NDJSON of Graph groups with transitiveMembers (default: groups.ndjson of a pulled snapshot directory)")
    .option("--format <format>", `output format: ${CHECK_FORMATS.join(", ")} (default: table on a terminal, else ndjson)`)
    .option("-o, --output <file>", "write results to a file instead of standard output")
    .option("--redact", "replace personal data (fields marked personal in the facts schema) with [redacted] in every output")
    .option("--audit-log <file>", "append a hash-chained record of this run (hashes and counts only, never personal data)")
    .option("--retain <days>", "with --audit-log: drop records older than this many days, leaving a verifiable retention marker")
    .option("-j, --jobs <n>", "threads that evaluate: the main thread and n-1 workers (default: the number of cores; the first 512 records run in-process, so small inputs start no workers); output order always equals input order")
    .option("--stats", "print devices, seconds, devices per second and peak memory on standard error at the end")
    .option("-q, --quiet", "no warnings or progress on standard error")
    .option("--no-color", "no colours (also honours NO_COLOR)")
    .option("--fail-on <level>", "exit 1 when a device is `noncompliant` (or in error; default), only when in `error`, or `never`", "noncompliant")
    .addHelpText(
      "after",
      `
Examples:
  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z --tenant examples/tenant.json
  $ tenet check -p policies/compliance/windows.tenet laptop.json --format json
  $ gzip -dc export.ndjson.gz | tenet check -p policies - --format csv -o results.csv

Exit codes: 0 all compliant, 1 some device noncompliant or in error (see --fail-on),
2 usage or input error (unreadable records are reported; the others are still evaluated), 3 policy errors.`,
    )
    .action(async (snapshots: string[], options: CheckOptions) => {
      process.exitCode = await runCheck(snapshots, options);
    });
}

async function runCheck(snapshots: string[], options: CheckOptions): Promise<number> {
  const config = loadConfig();
  const now = nowOption(options.now ?? config.now);
  const tenant = tenantOption(options.tenant ?? config.tenant);
  const schema = schemaOption(options.schema ?? config.schema);
  const sink = openSink(options.output);
  const failOn = choice(options.failOn ?? "noncompliant", ["noncompliant", "error", "never"] as const, "--fail-on");
  const format = choice(options.format ?? config.format ?? (sink.isTTY ? "table" : "ndjson"), CHECK_FORMATS, "--format");
  const retainDays = Number(options.retain ?? "0");
  if (options.retain !== undefined && (options.auditLog === undefined || !Number.isInteger(retainDays) || retainDays < 1)) {
    throw new UsageError(options.auditLog === undefined ? "--retain cannot be used without --audit-log" : `invalid value \`${options.retain}\` for \`--retain\`; expected a whole number of days`);
  }
  const jobs = options.jobs === undefined ? availableParallelism() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`invalid value \`${options.jobs}\` for \`--jobs\`; expected a whole number from 1 to 256`);
  if (snapshots.length === 0) throw new UsageError("no snapshots given: pass files, a directory, a glob, or - for standard input");

  const policies = loadPolicies(options.policy ?? config.policy ?? ["policies"], { now: now.millis, schemas: { device: schema } });
  const shown = options.quiet === true ? policies.diagnostics.filter((d) => d.severity === "error") : policies.diagnostics;
  if (shown.length > 0) process.stderr.write(renderDiagnostics(shown, (f) => policies.sources.get(f), { color: useColor(process.stderr, options.color) }));
  if (policies.hasErrors) return EXIT.policyErrors;

  const groupsFile = membershipFile(options.groups, snapshots);
  const memberships = groupsFile === undefined ? undefined : loadMemberships(groupsFile);
  if (memberships !== undefined && memberships.diagnostics.length > 0) {
    process.stderr.write(renderDiagnostics(memberships.diagnostics, () => undefined, { color: useColor(process.stderr, options.color) }));
  }

  const color = useColor(process.stdout, options.color) && options.output === undefined;
  const renderer = rendererFor(format, paintWith(color), { now: now.iso, policySetHash: () => policies.set.hash });
  const summary = new Summary();
  // json, ndjson and html show every rule (html's control coverage counts passes); the others only unmet rules.
  const rules = format === "json" || format === "ndjson" || format === "html" ? "all" : "failures";
  const settings: EvaluationSettings = { now: now.iso, format, explain: format !== "csv" && format !== "intune", rules, redact: options.redact === true, ...(tenant === undefined ? {} : { tenant }), ...(groupsFile === undefined ? {} : { groups: groupsFile }) };
  const inputHash = options.auditLog === undefined ? undefined : createHash("sha256");
  const files = expandPaths(snapshots);
  // `-` on a terminal waits for typing; say so instead of looking hung.
  if (files.includes("-") && process.stdin.isTTY === true && options.quiet !== true) process.stderr.write("tenet: reading snapshots from standard input (end with Ctrl-D)\n");
  const progress = new Progress(options.quiet, files.includes("-") ? {} : { totalBytes: files.reduce((sum, f) => sum + fileSize(f), 0) });
  const started = Date.now();
  let pending = "";
  const emit = async (out: BatchOutput) => {
    if ("bytes" in out) {
      // Rendered on a worker: only the summary is left to do here.
      progress.tick(out.briefs.length);
      for (const brief of out.briefs) summary.add(brief);
      if (pending !== "") await sink.write(pending);
      pending = "";
      await sink.write(out.bytes);
      return;
    }
    if ("digests" in out) {
      progress.tick(out.briefs.length);
      for (const brief of out.briefs) summary.add(brief);
      for (const digest of out.digests) renderer.take!(digest);
      return;
    }
    progress.tick(out.records.length);
    for (const record of out.records) {
      summary.add(briefOf(record));
      pending += renderer.record(record);
    }
    // Writes go out in chunks: one write per record costs more than evaluating it.
    if (pending.length >= 1 << 16) {
      await sink.write(pending);
      pending = "";
    }
  };
  await sink.write(renderer.begin());
  const batches = readSnapshotBatches(files, process.stdin, { rawLines: true, ...(progress.enabled ? { onBytes: (n: number) => progress.bytes(n) } : {}) });
  // The first records are evaluated here while the input is still small: a fleet of a few
  // hundred devices never pays for starting workers (each loads and compiles the policies).
  const run = recordEvaluator(compile(policies.set), schema, settings, memberships?.index);
  let pool: WorkerPool | undefined;
  // The main thread is one of the `jobs` threads: it reads, writes, and evaluates a batch itself
  // whenever every worker already has two batches queued.
  const workers = jobs - 1;
  // Batches are emitted in input order; at most 2 per worker plus a few local ones are held, which
  // bounds memory. `out` is set once a batch is done (at once for a local one).
  type Pending = { out?: BatchOutput; promise: Promise<BatchOutput> };
  const inFlight: Pending[] = [];
  let batch: SnapshotRecord[] = [];
  let seen = 0;
  const flush = async () => {
    pool ??= new WorkerPool(workers, { sources: [...policies.sources].map(([path, text]) => ({ path, text })), schema: { json: schema.json, file: options.schema ?? "device.schema.json" }, nowMs: now.millis, settings, color });
    if (batch.length > 0) {
      const queued = inFlight.filter((e) => e.out === undefined).length;
      if (queued < workers * 2) {
        const entry: Pending = { promise: pool.submit(batch) };
        void entry.promise.then((out) => (entry.out = out), () => undefined);
        inFlight.push(entry);
      } else {
        const out: BatchOutput = { records: batch.map(run) };
        inFlight.push({ out, promise: Promise.resolve(out) });
      }
    }
    batch = [];
    while (inFlight.length > 0 && inFlight[0]!.out !== undefined) await emit(inFlight.shift()!.out!);
    while (inFlight.length >= workers * 2 + 4) await emit(await inFlight.shift()!.promise);
  };
  try {
    for await (const records of batches) {
      // Records evaluated here are emitted before any later batch, so output keeps input order.
      let local: OutputRecord[] = [];
      for (const raw of records) {
        inputHash?.update(raw.raw ?? JSON.stringify(raw.value ?? null)).update("\n");
        if (jobs <= 1 || seen++ < IN_PROCESS_FIRST) {
          local.push(run(raw));
          continue;
        }
        if (local.length > 0) await emit({ records: local });
        local = [];
        batch.push(raw);
        if (batch.length >= BATCH) await flush();
      }
      if (local.length > 0) await emit({ records: local });
    }
    if (batch.length > 0) await flush();
    while (inFlight.length > 0) await emit(await inFlight.shift()!.promise);
  } finally {
    await pool?.close();
  }
  if (pending !== "") await sink.write(pending);
  progress.done();
  if (options.stats === true) {
    const seconds = (Date.now() - started) / 1000;
    const records = summary.devices + summary.errors;
    process.stderr.write(`stats: ${records} records in ${seconds.toFixed(2)} s (${Math.round(records / Math.max(seconds, 0.001))}/s), jobs ${jobs}, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  }
  if (renderer.finish !== undefined) await renderer.finish(summary, (chunk) => sink.write(chunk));
  else await sink.write(renderer.end(summary));
  await sink.close();
  if (options.auditLog !== undefined) {
    const counts = Object.fromEntries([...summary.states, ["inputErrors", summary.errors]]);
    appendRun(options.auditLog, { now: now.iso, engineVersion: ENGINE_VERSION, policySetHash: policies.set.hash, inputHash: inputHash!.digest("hex"), counts });
    if (options.retain !== undefined) retain(options.auditLog, retainDays, now.millis);
  }
  if (summary.errors > 0 || (memberships?.diagnostics.length ?? 0) > 0) return EXIT.inputErrors;
  const errors = summary.states.get("error") ?? 0;
  const failed = failOn === "never" ? false : failOn === "error" ? errors > 0 : summary.failed;
  return failed ? EXIT.failed : EXIT.ok;
}

function fileSize(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() === true ? stat.size : 0;
}
