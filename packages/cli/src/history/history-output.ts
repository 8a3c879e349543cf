import { csvCell } from "../render/render-data.js";

/** Rows of a `tenet history` answer, written as an aligned table, JSON, or CSV. */
export interface Tabular {
  /** Shown above a table and kept as `about` in JSON (CSV has only the rows). */
  about: Record<string, unknown>;
  columns: string[];
  rows: (string | number)[][];
  /** The JSON form of the rows (richer than the cells), when it differs. */
  json?: unknown[];
}

export const HISTORY_FORMATS = ["table", "json", "csv"] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export function renderTabular(t: Tabular, format: HistoryFormat): string {
  if (format === "json") {
    const rows = t.json ?? t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
    return `${JSON.stringify({ ...t.about, rows }, null, 2)}\n`;
  }
  if (format === "csv")
    return [t.columns, ...t.rows].map((r) => `${r.map((c) => csvCell(String(c))).join(",")}\r\n`).join("");
  const widths = t.columns.map((c, i) => Math.min(60, Math.max(c.length, ...t.rows.map((r) => String(r[i]).length))));
  const line = (r: (string | number)[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? String(c) : String(c).padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const head = Object.entries(t.about)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("\n");
  return `${head}\n\n${[line(t.columns), ...t.rows.map(line)].join("\n")}\n`;
}
