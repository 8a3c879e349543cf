import type { ScheduleClause } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { ActionType, Platform, ScheduledAction } from "./checked.js";

/** Platforms on which Intune cannot carry out an action (it is skipped there, so a policy naming them is misleading). */
const UNSUPPORTED: Partial<Record<ActionType, readonly Platform[]>> = {
  push: ["windows", "macOS", "linux"],
  lock: ["windows", "linux"],
};

const ACTIONS: Record<string, ActionType> = {
  notify: "notify",
  "notify user": "notify",
  push: "push",
  lock: "lock",
  retire: "retire",
  wipe: "wipe",
  "mark noncompliant": "markNoncompliant",
  "remove profiles": "removeAccessProfiles",
};

/**
 * Turns `on noncompliant { after ... }` into a sorted schedule that always contains exactly
 * one mark-noncompliant step (Intune's block action; `after 0h` when not written).
 */
export function checkSchedule(
  clause: ScheduleClause | undefined,
  platforms: readonly Platform[],
  report: (d: Diagnostic) => void,
): ScheduledAction[] {
  const steps: ScheduledAction[] = [];
  let marks = 0;
  for (const step of clause?.steps ?? []) {
    if (step.recovered === true || step.action.length === 0) continue;
    const words = step.action.map((w) => w.name).join(" ");
    const action = ACTIONS[words];
    if (action === undefined) {
      const help =
        didYouMean(words, Object.keys(ACTIONS)) ??
        `actions are ${Object.keys(ACTIONS)
          .filter((a) => a !== "notify user")
          .map((a) => `\`${a}\``)
          .join(", ")}`;
      report(makeDiagnostic("CP2024", step.span, { problem: `unknown action \`${words}\``, help }));
      continue;
    }
    if (step.args.length > 0 && action !== "notify") {
      report(
        makeDiagnostic("CP2024", step.args[0]!.span, {
          problem: `\`${words}\` takes no arguments`,
          help: "only `notify` takes message template ids",
        }),
      );
    }
    if (action === "markNoncompliant" && ++marks > 1) {
      report(
        makeDiagnostic("CP2024", step.span, {
          problem: "`mark noncompliant` is scheduled more than once",
          help: "a policy has one grace period: keep a single `mark noncompliant` step",
        }),
      );
      continue;
    }
    for (const platform of platforms.filter((p) => UNSUPPORTED[action]?.includes(p))) {
      report(makeDiagnostic("CP2025", step.span, { action: words, platform }));
    }
    steps.push({ afterMillis: step.after.millis, action, args: step.args.map((a) => a.value) });
  }
  if (marks === 0) steps.push({ afterMillis: 0, action: "markNoncompliant", args: [] });
  const order = (a: ScheduledAction) => (a.action === "markNoncompliant" ? 0 : 1);
  return steps.sort((a, b) => a.afterMillis - b.afterMillis || order(a) - order(b));
}
