import { setFlagsFromString } from "node:v8";
import { Command } from "commander";
import { choiceOption } from "../options/option-groups.js";
import { type HistoryStore, type TrendDimension } from "@tenet/history";
import { EXIT, usageError } from "../exit-codes.js";
import { historyLocation, openStore } from "../history/check-history.js";
import { HISTORY_FORMATS, renderTabular, type HistoryFormat, type Tabular } from "../history/history-output.js";
import { loadConfig } from "../config.js";
import { choice, nowOption, periodDays } from "../options/option-values.js";

interface HistoryOptions {
  history?: string;
  format?: string;
}

/**
 * Opens the store named by `--history`, TENET_HISTORY_URL or the config, runs `body`, closes it.
 * A query (not `replay` or `verify`, which read the whole store) is over in a second or two: the
 * embedded engine's WebAssembly is then compiled by V8's baseline compiler only. Optimising its
 * hot functions as well cost more CPU than it saved in so short a process (`history at` over
 * 100,000 devices: 2.0-2.4 s of CPU before, 1.4-1.5 s after, docs/benchmarks.md).
 */
async function withStore<T>(
  options: HistoryOptions,
  body: (store: HistoryStore, format: HistoryFormat) => Promise<T>,
  whole = false,
): Promise<T> {
  const location = historyLocation(options.history, loadConfig().history);
  if (location === undefined) throw usageError("CP5218");
  const format = choice(options.format ?? "table", HISTORY_FORMATS, "--format");
  if (!whole) setFlagsFromString("--liftoff-only");
  const store = await openStore(location);
  try {
    return await body(store, format);
  } finally {
    await store.close();
  }
}

/** `replay` and `verify` read every row of a run or of the store: the optimising compiler pays off there. */
function withWholeStore<T>(
  options: HistoryOptions,
  body: (store: HistoryStore, format: HistoryFormat) => Promise<T>,
): Promise<T> {
  return withStore(options, body, true);
}

function runNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw usageError("CP5015", { value: text, option: what, help: "expected a run number (see `tenet history runs`)" });
  return n;
}

function sub(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option(
      "--history <store>",
      "the history store: a directory or a postgres:// URL (default: TENET_HISTORY_URL, else `history` in tenet.config.yaml)",
    )
    .addOption(choiceOption("--format <format>", "output format", HISTORY_FORMATS, "table"));
}

export function historyCommand(): Command {
  const history = new Command("history").description(
    "ask the run store written by `tenet check --history`: the fleet at any instant, a device's timeline, " +
      "changes between runs, trends, replay",
  );

  history.addCommand(
    sub("runs", "list the recorded runs").action((options: HistoryOptions) =>
      withStore(options, async (store, format) => {
        const runs = await store.runs();
        write(format, {
          about: { store: store.location, runs: runs.length },
          columns: ["run", "at", "devices", "policySetHash", "engineVersion", "rowHash"],
          rows: runs.map((r) => [r.id, r.at, r.devices, r.policySetHash.slice(0, 12), r.engineVersion, r.rowHash]),
        });
      }),
    ),
  );

  history.addCommand(
    sub("at", "the fleet as of an instant: each device's state from the last run at or before it")
      .argument("<instant>", "ISO-8601 instant (a time without a zone is UTC)")
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  $ tenet check -p policies examples/fleet/devices.ndjson --now 2026-11-25T12:00:00Z --history " +
            ".tenet-history  # exit 1",
          "  $ tenet history at 2026-11-30T23:59:59Z --history .tenet-history --format csv",
        ].join("\n"),
      )
      .action((instant: string, options: HistoryOptions) =>
        withStore(options, async (store, format) => {
          const at = nowOption(instant).iso;
          const run = await store.runAsOf(at);
          const devices = await store.fleetSummaryAt(run.id);
          write(format, {
            about: { asOf: at, run: run.id, runAt: run.at, rowHash: run.rowHash, devices: devices.length },
            columns: ["deviceId", "deviceName", "platform", "state", "policies", "firstFoundNoncompliant", "sinceRun"],
            rows: devices.map((d) => [
              d.deviceId,
              d.name ?? "",
              d.platform ?? "",
              d.state,
              d.failing.join(" "),
              d.firstFoundNoncompliant ?? "",
              d.since,
            ]),
          });
        }),
      ),
  );

  history.addCommand(
    sub(
      "device",
      "one device's timeline: each change and its cause (device changed, policy changed, waiver started or expired, time passed)",
    )
      .argument("<id>", "the device's `id`")
      .action((id: string, options: HistoryOptions) =>
        withStore(options, async (store, format) => {
          const entries = await store.deviceTimeline(id, loadConfig().volatileFields);
          if (entries.length === 0) throw usageError("CP5219", { device: id });
          write(format, {
            about: { device: id, changes: entries.length },
            columns: ["run", "at", "state", "cause", "details"],
            rows: entries.map((e) => [e.run, e.at, e.state, e.causes.join(", "), e.details.join("; ")]),
            json: entries.map(({ outcome, ...rest }) => ({
              ...rest,
              ...(outcome === undefined ? {} : { policies: outcome.policies, actions: outcome.actions }),
            })),
          });
        }),
      ),
  );

  history.addCommand(
    sub("diff", "devices newly failing, fixed, still failing or failing for another reason between two runs")
      .argument("<runA>")
      .argument("<runB>")
      .action((a: string, b: string, options: HistoryOptions) =>
        withStore(options, async (store, format) => {
          const entries = await store.diff(runNumber(a, "RUN_A"), runNumber(b, "RUN_B"));
          const count = (k: string) => entries.filter((e) => e.kind === k).length;
          write(format, {
            about: {
              from: Number(a),
              to: Number(b),
              newlyFailing: count("newly failing"),
              fixed: count("fixed"),
              stillFailing: count("still failing"),
              changedReason: count("changed reason"),
            },
            columns: ["kind", "deviceId", "before", "after", "details"],
            rows: entries.map((e) => [e.kind, e.deviceId, e.before ?? "", e.after ?? "", e.details.join("; ")]),
          });
        }),
      ),
  );

  history.addCommand(
    sub("trend", "share of devices passing per day over a period, by platform, policy or control")
      .addOption(
        choiceOption(
          "--by <dimension>",
          "what to break the trend down by",
          ["platform", "policy", "control"],
          "platform",
        ),
      )
      .option("--period <days>", "how far back from --to, e.g. 90d", "90d")
      .option("--to <instant>", "the end of the period (default: the current time)")
      .action((options: HistoryOptions & { by: string; period: string; to?: string }) =>
        withStore(options, async (store, format) => {
          const by = choice(options.by, ["platform", "policy", "control"] as const, "--by") as TrendDimension;
          const to = nowOption(options.to);
          const from = new Date(to.millis - periodDays(options.period) * 86_400_000).toISOString();
          const points = await store.trend(by, from, to.iso);
          write(format, {
            about: { by, from, to: to.iso, days: new Set(points.map((p) => p.day)).size },
            columns: ["day", "run", by, "passing", "states"],
            rows: points.map((p) => [
              p.day,
              p.run,
              p.key,
              p.passing.toFixed(4),
              Object.entries(p.states)
                .map(([s, n]) => `${s}=${n}`)
                .join(" "),
            ]),
            json: points,
          });
        }),
      ),
  );

  history.addCommand(
    sub(
      "replay",
      "recompute a stored run from its stored snapshots, policy sources and settings, and show it is identical",
    )
      .argument("<run>")
      .action((run: string, options: HistoryOptions) =>
        withWholeStore(options, async (store, format) => {
          const r = await store.replay(runNumber(run, "RUN"));
          write(format, {
            about: {
              run: r.run.id,
              at: r.run.at,
              devices: r.devices,
              identical: r.identical,
              storedContentHash: r.storedContentHash,
              replayedContentHash: r.replayedContentHash,
              policySetHash: r.policySetHash,
            },
            columns: ["deviceId", "stored", "replayed"],
            rows: r.mismatches.map((m) => [m.deviceId, m.stored ?? "", m.replayed ?? ""]),
          });
          process.exitCode = r.identical ? EXIT.ok : EXIT.failed;
        }),
      ),
  );

  history.addCommand(
    sub(
      "verify",
      "check the store's hash chain: no run row edited, deleted or reordered, no device row edited or deleted",
    ).action((options: HistoryOptions) =>
      withWholeStore(options, async (store, format) => {
        const problems = await store.verify();
        write(format, {
          about: { store: store.location, intact: problems.length === 0 },
          columns: ["run", "problem"],
          rows: problems.map((p) => [p.run, p.problem]),
        });
        process.exitCode = problems.length === 0 ? EXIT.ok : EXIT.failed;
      }),
    ),
  );
  return history;
}

function write(format: HistoryFormat, t: Tabular): void {
  process.stdout.write(renderTabular(t, format));
}
