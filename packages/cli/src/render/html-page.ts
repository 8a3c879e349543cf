import type { Summary } from "./output-record.js";

export interface HtmlDevice {
  name: string;
  platform: string;
  state: string;
  failing: string[];
  detail: string[];
}

export interface HtmlReport {
  now: string;
  policySetHash: string;
  summary: Summary;
  byPolicy: Map<string, Map<string, number>>;
  controls: { framework: string; id: string; inScope: number; passing: number }[];
  devices: HtmlDevice[];
  omitted: number;
}

const STATES = ["compliant", "inGracePeriod", "noncompliant", "error", "unknown", "notApplicable"];
const COLOURS: Record<string, string> = {
  compliant: "#2e7d32",
  inGracePeriod: "#f9a825",
  noncompliant: "#c62828",
  error: "#6a1b9a",
  unknown: "#757575",
  notApplicable: "#b0bec5",
  inputError: "#000",
};
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A horizontal stacked bar per row, as inline SVG (no scripts needed to see the charts). */
function stackedBars(title: string, rows: [string, Map<string, number>][]): string {
  const height = 22;
  const bars = rows.map(([label, states], i) => {
    const total = [...states.values()].reduce((a, b) => a + b, 0) || 1;
    let x = 180;
    const segments = STATES.filter((s) => (states.get(s) ?? 0) > 0).map((s) => {
      const w = (500 * (states.get(s) ?? 0)) / total;
      const rect = `<rect x="${x.toFixed(1)}" y="${i * height}" width="${w.toFixed(1)}" height="${height - 4}" fill="${COLOURS[s]}"><title>${esc(label)}: ${s} ${states.get(s)}</title></rect>`;
      x += w;
      return rect;
    });
    return `<text x="0" y="${i * height + 13}" font-size="12">${esc(label)}</text>${segments.join("")}<text x="${x + 6}" y="${i * height + 13}" font-size="11">${total}</text>`;
  });
  return `<h2>${esc(title)}</h2><svg role="img" aria-label="${esc(title)}" width="760" height="${rows.length * height}">${bars.join("")}</svg>`;
}

export function htmlPage(r: HtmlReport): string {
  const s = r.summary;
  const cards = STATES.filter((st) => (s.states.get(st) ?? 0) > 0)
    .map(
      (st) =>
        `<div class="card" style="border-color:${COLOURS[st]}"><b data-state="${st}">${s.states.get(st)}</b><span>${st}</span></div>`,
    )
    .join("");
  const top = [...s.failingRules]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([id, n]) => `<tr><td>${esc(id)}</td><td>${n}</td></tr>`)
    .join("");
  const frameworks = [...new Set(r.controls.map((c) => c.framework))];
  const coverage = frameworks
    .map((f) => {
      const rows = r.controls
        .filter((c) => c.framework === f)
        .map(
          (c) =>
            `<tr><td>${esc(c.id)}</td><td>${c.inScope}</td><td>${((100 * c.passing) / Math.max(1, c.inScope)).toFixed(1)}%</td></tr>`,
        )
        .join("");
      return `<details><summary>${esc(f)}</summary><table><tr><th>control</th><th>rule evaluations</th><th>passing</th></tr>${rows}</table></details>`;
    })
    .join("");
  const data = JSON.stringify(r.devices).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tenet compliance report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}small{color:#666}
.cards{display:flex;gap:12px;margin:16px 0}.card{border-left:6px solid;padding:8px 14px;background:#f6f6f6}.card b{display:block;font-size:22px}
table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
#devices tr.hidden{display:none}.state{font-weight:600}.detail{color:#444;font-size:12px;white-space:pre-wrap}
input,select{font:inherit;padding:4px;margin-right:8px}
</style></head><body>
<h1>Tenet compliance report</h1>
<small>Evaluated at ${esc(r.now)} · policy set ${esc(r.policySetHash.slice(0, 12))} · ${s.devices} devices${s.errors > 0 ? ` · ${s.errors} unreadable input records` : ""}</small>
<div class="cards" id="summary">${cards}</div>
${stackedBars("State by platform", [...s.platforms].sort())}
${stackedBars("State by policy", [...r.byPolicy].sort())}
<h2>Top failing rules</h2><table id="top-rules"><tr><th>rule</th><th>devices</th></tr>${top}</table>
<h2>Control coverage by framework</h2>${coverage || "<p>No rule maps to a framework control.</p>"}
<h2>Devices</h2>
<div><input id="filter" placeholder="filter by name, rule or platform" aria-label="filter"><select id="state" aria-label="state"><option value="">every state</option>${[...STATES, "inputError"].map((st) => `<option>${st}</option>`).join("")}</select><span id="count"></span></div>
<table id="devices"><thead><tr><th>device</th><th>platform</th><th>state</th><th>why</th></tr></thead><tbody></tbody></table>
${r.omitted > 0 ? `<p>${r.omitted} more devices are counted above but not listed; use <code>--format csv</code> for every device.</p>` : ""}
<script>
const devices = ${data};
const colours = ${JSON.stringify(COLOURS)};
const body = document.querySelector("#devices tbody");
for (const d of devices) {
  const tr = document.createElement("tr");
  tr.dataset.search = (d.name + " " + d.platform + " " + d.failing.join(" ")).toLowerCase();
  tr.dataset.state = d.state;
  const cells = [d.name, d.platform, d.state, d.detail.join("\\n")];
  cells.forEach((text, i) => { const td = document.createElement("td"); td.textContent = text; if (i === 2) { td.className = "state"; td.style.color = colours[text] || "#000"; } if (i === 3) td.className = "detail"; tr.appendChild(td); });
  body.appendChild(tr);
}
const filter = document.getElementById("filter"), state = document.getElementById("state"), count = document.getElementById("count");
function apply() {
  const q = filter.value.toLowerCase(), st = state.value; let shown = 0;
  for (const tr of body.rows) { const ok = tr.dataset.search.includes(q) && (st === "" || tr.dataset.state === st); tr.classList.toggle("hidden", !ok); if (ok) shown++; }
  count.textContent = shown + " of " + devices.length + " devices";
}
filter.addEventListener("input", apply); state.addEventListener("change", apply); apply();
</script>
</body></html>
`;
}
