/** Colours per state, chosen to stay apart for the common colour-vision deficiencies and in greyscale print. */
export const STATE_COLOURS: Record<string, string> = {
  compliant: "#2e7d32",
  inGracePeriod: "#f9a825",
  noncompliant: "#c62828",
  error: "#6a1b9a",
  unknown: "#757575",
  notApplicable: "#b0bec5",
  inputError: "#212121",
  waived: "#f9a825",
  failing: "#c62828",
};

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `n` as a share of `of`, one decimal, or `n/a` for an empty base. */
export const percent = (n: number, of: number): string => (of === 0 ? "n/a" : `${((100 * n) / of).toFixed(1)}%`);

/** Thousands separators, as the auditor reads counts. */
export const count = (n: number): string => n.toLocaleString("en-US");

/**
 * One horizontal bar of segments (HTML, so it reflows at any width and prints without
 * scripts); each segment's tooltip and the bar's label carry the counts and percentages.
 */
export function stackedBar(label: string, segments: [name: string, n: number][]): string {
  const total = segments.reduce((sum, [, n]) => sum + n, 0);
  const parts = segments
    .filter(([, n]) => n > 0)
    .map(
      ([name, n]) =>
        `<span style="width:${((100 * n) / total).toFixed(3)}%;background:${STATE_COLOURS[name] ?? "#999"}" ` +
        `title="${esc(`${name}: ${count(n)} (${percent(n, total)})`)}"></span>`,
    )
    .join("");
  const described = segments
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${count(n)} (${percent(n, total)})`)
    .join(", ");
  return `<div class="bar" role="img" aria-label="${esc(`${label}: ${described || "none"}`)}">${parts}</div>`;
}

/** A legend: swatch, state, count and share of `total`, for every state in `segments` (zeros included, so absence is visible). */
export function legend(segments: [name: string, n: number][], total: number): string {
  return `<ul class="legend">${segments
    .map(
      ([name, n]) =>
        `<li data-legend="${esc(name)}"><i style="background:${STATE_COLOURS[name] ?? "#999"}"></i>` +
        `${esc(name)} <b>${count(n)}</b> <small>${percent(n, total)}</small></li>`,
    )
    .join("")}</ul>`;
}

/** Rows of labelled stacked bars with their totals: one chart. */
export function barChart(
  id: string,
  rows: { label: string; note: string; segments: [string, number][] }[],
  states: readonly string[],
): string {
  const totals = states.map(
    (s) => [s, rows.reduce((sum, r) => sum + (r.segments.find(([n]) => n === s)?.[1] ?? 0), 0)] as [string, number],
  );
  const all = totals.reduce((sum, [, n]) => sum + n, 0);
  const body = rows
    .map(
      (r) =>
        `<div class="row"><span class="label">${esc(r.label)}</span>${stackedBar(r.label, r.segments)}` +
        `<span class="note">${esc(r.note)}</span></div>`,
    )
    .join("");
  return `<div class="chart" id="${id}">${legend(totals, all)}${body}</div>`;
}
