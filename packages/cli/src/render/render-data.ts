import type { DeviceVerdict, RuleStatus } from "@tenet/evaluator";
import { streamRenderer, type OutputRecord, type Renderer } from "./output-record.js";

/** `ndjson`: one JSON object per input record, in input order. */
export const ndjsonRenderer = (): Renderer => streamRenderer((r) => `${JSON.stringify(r)}\n`);

/**
 * `json`: one array of records, streamed element by element. Every element starts with its
 * separator, so any thread can render it without knowing what came before; the writer drops
 * the first one (`separator`).
 */
export const jsonRenderer = (): Renderer => {
  const body = (r: OutputRecord) => `,\n${JSON.stringify(r, null, 2).replace(/^/gm, "  ")}`;
  return streamRenderer(body, "[", (summary) => (summary.listed === 0 ? "]\n" : "\n]\n"), ",");
};

const CSV_HEADER = [
  "source",
  "line",
  "deviceId",
  "deviceName",
  "platform",
  "state",
  "failedRules",
  "errorRules",
  "waivedRules",
  "inputError",
];

/** `csv`: one row per device (RFC 4180), with cells that could start a spreadsheet formula defused. */
export const csvRenderer = (): Renderer =>
  streamRenderer(csvRow, `${CSV_HEADER.join(",")}\r\n`, undefined, undefined, "verdict");

// The source cell of the previous row: a file's rows all share it.
let lastSource = "";
let lastSourceCell = "";

function csvRow(r: OutputRecord<DeviceVerdict>): string {
  const result = r.result;
  // The three rule lists in one pass over the listed rules.
  let failed = "";
  let errored = "";
  let waived = "";
  // Indexed loops: a verdict's policies that list no rule share a frozen empty list, which
  // `for...of` walks with an iterator object each time.
  if (result !== undefined)
    for (let p = 0; p < result.policies.length; p++) {
      const rules = result.policies[p]!.rules;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        const status: RuleStatus = rule.status;
        if (status === "fail") failed = failed === "" ? rule.id : `${failed} ${rule.id}`;
        else if (status === "error") errored = errored === "" ? rule.id : `${errored} ${rule.id}`;
        else if (status === "waived") waived = waived === "" ? rule.id : `${waived} ${rule.id}`;
      }
    }
  if (r.input.source !== lastSource) {
    lastSource = r.input.source;
    lastSourceCell = csvCell(lastSource);
  }
  const error = r.error === undefined ? "" : csvCell(`${r.error.code}: ${r.error.message}`);
  // A line number is digits only and a state one of a few words: nothing to quote or defuse.
  // One template per row, not an array join: this runs once per device.
  return (
    `${lastSourceCell},${r.input.line ?? ""},${csvCell(result?.deviceId ?? "")},${csvCell(result?.deviceName ?? "")},` +
    `${csvCell(result?.platform ?? "")},${result?.state ?? "inputError"},` +
    `${csvCell(failed)},${csvCell(errored)},${csvCell(waived)},${error}\r\n`
  );
}

/**
 * One RFC 4180 cell. A cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`,
 * tab, CR) gets a leading `'`; `-` alone (standard input) and plain numbers are left as they are.
 */
export function csvCell(value: string): string {
  // Most cells cannot start a formula: test the first character before any pattern.
  const first = value.charCodeAt(0);
  const risky = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13; // = + - @ tab CR
  const safe = risky && value !== "-" && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return needsQuotes(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// Made once: a pattern literal in the function is a new RegExp object at every call.
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/** Whether a cell holds `"`, `,`, CR or LF: a loop, cheaper than a pattern on the short cells of a row. */
function needsQuotes(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 44 || c === 13 || c === 10) return true;
  }
  return false;
}
