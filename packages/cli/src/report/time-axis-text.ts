import { plural } from "../render/plural.js";
import type { AxisEntry, TimeAxis, TimeToFix } from "./time-axis.js";

const pct = (share: number) => `${(100 * share).toFixed(1).padStart(5)}%`;

/** `12.5 d`, `≥ 30.0 d` when still-open failures make it a lower bound, `-` when nothing failed. */
export function fixDays(days: number | null, atLeast: boolean): string {
  if (days === null) return "-";
  return `${atLeast ? ">= " : ""}${days.toFixed(1)} d`;
}

const fixText = (t: TimeToFix) =>
  `time to fix: median ${fixDays(t.medianDays, t.medianAtLeast)}, p90 ${fixDays(t.p90Days, t.p90AtLeast)} ` +
  `(${t.fixed} fixed, ${t.open} still ` +
  `open${t.oldestOpenDays === null ? "" : `, oldest ${t.oldestOpenDays.toFixed(1)} d`})`;

function entryLines(e: AxisEntry, label: string): string[] {
  const first = e.trend[0];
  const last = e.trend[e.trend.length - 1];
  const share =
    first === undefined || last === undefined
      ? "no tallies in the period"
      : `${pct(first.passing).trim()} on ${first.day} -> ${pct(last.passing).trim()} on ${last.day}`;
  return [
    `  ${label.padEnd(30)} ${share}`,
    `  ${" ".repeat(30)} ${e.newlyFailing} newly failing, ${e.fixed} ` +
      `fixed${e.waived > 0 ? `, ${e.waived} waived` : ""}${e.left > 0 ? `, ${e.left} left the fleet while failing` : ""}; ` +
      `${fixText(e.timeToFix)}`,
  ];
}

/** The time axis as text: the proving runs, then per control and per policy the trend, transitions and time to fix, then waivers. */
export function timeAxisText(axis: TimeAxis, framework?: string): string {
  const lines = [
    "",
    `Period ${axis.from} to ${axis.to}: ${axis.runs.length} runs (each run's row hash is in the store's hash ` +
      `chain and the audit log: \`tenet history verify\`, \`tenet audit verify --history\`)`,
    ...axis.runs.map(
      (r) =>
        `  run ${String(r.id).padEnd(4)} ${r.at}  row hash ${r.rowHash}  policy set ${r.policySetHash.slice(0, 12)}`,
    ),
    "",
    "Trend per control (share of in-scope devices passing, waived ones not passing; last run of each day):",
  ];
  const prefix = framework === undefined ? "" : `${framework}:`;
  for (const e of axis.controls) {
    lines.push(...entryLines(e, e.key.slice(prefix.length)));
    for (const p of e.trend) {
      const waived = p.states["waived"];
      const pass = p.states["pass"] ?? p.states["passOrWaived"] ?? 0;
      lines.push(
        `      ${p.day}  ${pct(p.passing)}  (${pass} ` +
          `pass${waived === undefined ? (p.states["passOrWaived"] === undefined ? "" : " or waived") : `, ${waived} waived`}, ` +
          `${p.states["fail"] ?? 0} fail; run ${p.run})`,
      );
    }
  }
  if (axis.controls.length === 0) lines.push("  no runs with control tallies in the period");
  lines.push("", "Per policy (share of devices it applies to that are compliant):");
  for (const e of axis.policies) lines.push(...entryLines(e, e.key));
  lines.push(
    "",
    "Newly failing counts devices found failing at a run of the period and not at the run before (a device's first run included).",
    "Time to fix runs from the first run that found a device failing to the first that found it passing; " +
      "failures still open count at their age at the last run, so a figure marked >= is a lower bound.",
  );
  lines.push("", "Waivers open or expired in the period:");
  for (const w of axis.waivers)
    lines.push(
      `  ${w.name.padEnd(30)} expires ${w.expires} (${w.status}); ` +
        `${
          w.lastRun === null
            ? "in force at no run of the " + "period"
            : `waived ` + `${plural(w.devicesWaived, "device")} at run ${w.lastRun}, its last in force`
        }; ` +
        `${w.rules.join(", ")}; approver ${w.approver}`,
    );
  if (axis.waivers.length === 0) lines.push("  none");
  return `${lines.join("\n")}\n`;
}
