import { terminalText } from "@tenet/parser";
import type { Paint } from "../terminal.js";
import type { DeviceResult, DeviceVerdict } from "@tenet/evaluator";
import type { OutputRecord, Renderer, Summary } from "./output-record.js";
import { plural, verb } from "./plural.js";
import type { FailOn } from "../run/gate.js";
import { builtinFailureText, failedText } from "./failure-text.js";

/** How many devices and input errors the table lists before counting the rest (use json for all): memory stays bounded. */
export const TABLE_DEVICE_LIMIT = 50;
const ORDER = ["compliant", "inGracePeriod", "noncompliant", "error", "unknown"];

/** `table`: a summary (states, platforms, top failing rules), then the noncompliant devices and why. */
export const tableRenderer = (paint: Paint, failOn: FailOn = "inGracePeriod"): Renderer => {
  const lines: string[] = [];
  // Device names, ids and values come from snapshots: their control characters are escaped.
  const colour = paint("bold", "") !== "";
  const safe = (line: string) => terminalText(line, colour);
  let listed = 0;
  let hidden = 0;
  // Devices this thread asked whole results for. A thread sees its records in input order, so
  // the first TABLE_DEVICE_LIMIT listed devices of the whole run are among its first ones.
  let explained = 0;
  const stateColour = (state: string) =>
    state === "compliant" ? "green" : state === "inGracePeriod" ? "yellow" : state === "unknown" ? "dim" : "red";
  /**
   * The lines listing one record, nothing (`undefined`) for a compliant device, or `null` for a
   * device listed past the ones shown, which is only counted (it was evaluated to its verdict).
   */
  const digest = (r: OutputRecord<DeviceVerdict>): string[] | null | undefined => {
    if (r.error !== undefined)
      return [
        `${paint("red", "input error")}  ${r.error.source}${r.error.line === undefined ? "" : `:${r.error.line}`}  ` +
          `${r.error.code} ${r.error.message}`,
      ];
    if (r.result === undefined || r.result.state === "compliant") return undefined;
    if (!("defaultPolicy" in r.result)) return null;
    const result = r.result as DeviceResult;
    const out = [
      `${paint(stateColour(result.state), result.state.padEnd(13))} ` +
        `${paint("bold", result.deviceName ?? result.deviceId ?? `#${r.input.index + 1}`)} ` +
        `(${result.platform ?? "unknown platform"})`,
    ];
    for (const p of result.policies) {
      for (const rule of p.rules.filter((x) => x.status === "fail" || x.status === "error")) {
        const why = rule.explanation?.failed[0] ?? rule.explanation?.errors[0];
        const detail =
          why === undefined ? "" : "expected" in why ? `: ${failedText(why)}` : `: ${why.path} ${why.reason}`;
        out.push(`    ${rule.status === "fail" ? "✗" : "!"} ${rule.id} ${paint("dim", rule.title)}${detail}`);
      }
    }
    for (const failed of result.defaultPolicy.failed)
      out.push(`    ✗ built-in ${builtinFailureText(failed, result.defaultPolicy)}`);
    return out;
  };
  const take = (d: unknown) => {
    if (d === undefined) return "";
    if (listed >= TABLE_DEVICE_LIMIT) hidden++;
    else if (d === null)
      throw new Error("internal error: a device the table lists came without its explained result (a bug)");
    else {
      listed++;
      lines.push(...(d as string[]));
    }
    return "";
  };
  const end = (summary: Summary) => {
    const out = [
      paint(
        "bold",
        `${plural(summary.devices, "device")} evaluated` +
          (summary.errors > 0 ? `, ${plural(summary.errors, "input record")} unreadable` : ""),
      ),
    ];
    for (const state of ORDER) {
      const n = summary.states.get(state) ?? 0;
      if (n > 0)
        out.push(
          `  ${paint(stateColour(state), state.padEnd(14))}${String(n).padStart(7)}  ` +
            `${((100 * n) / Math.max(1, summary.devices)).toFixed(1)}%`,
        );
    }
    if (summary.platforms.size > 0) {
      out.push("", paint("bold", "By platform"));
      for (const [platform, states] of [...summary.platforms].sort()) {
        out.push(
          `  ${platform.padEnd(14)}${ORDER.filter((s) => states.has(s))
            .map((s) => `${s} ${states.get(s)}`)
            .join(", ")}`,
        );
      }
    }
    const top = [...summary.failingRules].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    if (top.length > 0)
      out.push("", paint("bold", "Top failing rules"), ...top.map(([id, n]) => `  ${String(n).padStart(7)}  ${id}`));
    if (lines.length > 0) out.push("", paint("bold", "Devices needing attention"), ...lines);
    if (hidden > 0) out.push(`  ... and ${hidden} more (use --format json or csv for every device and input error)`);
    // The count the exit code comes from, in the words of the gate that was asked for.
    out.push(
      "",
      failOn === "never"
        ? "--fail-on never: no device fails the run"
        : `${plural(summary.failing, "device")} ${verb(summary.failing, "fails", "fail")} --fail-on ${failOn}` +
            (summary.errors > 0 ? `; ${plural(summary.errors, "input record")} unreadable` : ""),
    );
    return safe(`${out.join("\n")}\n`);
  };
  return {
    streams: false,
    tallies: true,
    reads: "verdict",
    wantsResult: (r) => r.result !== undefined && r.result.state !== "compliant" && explained++ < TABLE_DEVICE_LIMIT,
    separator: "",
    begin: () => "",
    digest,
    take,
    finish: (summary, write) => write(end(summary)),
  };
};
