import type { AxisEntry, DayShare, TimeAxis } from "../report/time-axis.js";
import { fixDays } from "../report/time-axis-text.js";
import { count, esc, percent } from "./html-charts.js";

// Only pages with a time axis carry these rules, so every other report stays as it was.
const STYLE = `<style>
.spark{display:block;width:100%;min-width:80px;height:28px}
.spark polyline{fill:none;stroke:#2e7d32;stroke-width:2;vector-effect:non-scaling-stroke}
.spark line{stroke:#ccc;stroke-width:1;vector-effect:non-scaling-stroke}
.axis td.num{white-space:nowrap;text-align:right}
@media (max-width:700px){
  .axis thead{display:none}.axis,.axis tbody,.axis tr,.axis td{display:block;width:100%}
  .axis tr{border-bottom:1px solid #ccc;padding:4px 0}.axis td,.axis td.num{border:0;padding:1px 4px;text-align:left;white-space:normal}
  .axis td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:12px}
}
@media print{.axis tr{break-inside:avoid}}
</style>`;

/**
 * The share passing per day as a line (0 at the bottom, 100% at the top, days spaced by date);
 * its label reads every point, for screen readers and for the printed page's tooltip-less reader.
 */
export function sparkline(label: string, points: DayShare[]): string {
  if (points.length === 0) return "";
  const t = points.map((p) => Date.parse(`${p.day}T00:00:00Z`));
  const span = Math.max(1, t[t.length - 1]! - t[0]!);
  const xy = points.map((p, i) => {
    const x = points.length === 1 ? 50 : ((t[i]! - t[0]!) / span) * 100;
    return `${x.toFixed(2)},${(30 - 28 * p.passing - 1).toFixed(2)}`;
  });
  // One day alone still draws: a short flat segment.
  const line = points.length === 1 ? `0,${xy[0]!.split(",")[1]} 100,${xy[0]!.split(",")[1]}` : xy.join(" ");
  const described = points.map((p) => `${p.day} ${percent(p.passing, 1)}`).join(", ");
  return (
    `<svg class="spark" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" ` +
    `aria-label="${esc(`${label}: ${described}`)}"><title>${esc(described)}</title><line x1="0" y1="1" x2="100" ` +
    `y2="1"></line><line x1="0" y1="29" x2="100" y2="29"></line><polyline points="${line}"></polyline></svg>`
  );
}

function rows(entries: AxisEntry[], label: (key: string) => string, titles: ReadonlyMap<string, string>): string {
  return entries
    .map((e) => {
      const first = e.trend[0];
      const last = e.trend[e.trend.length - 1];
      const t = e.timeToFix;
      const share =
        first === undefined || last === undefined
          ? "no tallies"
          : `${percent(first.passing, 1)} → <b>${percent(last.passing, 1)}</b>`;
      const title = titles.get(e.key);
      return (
        `<tr data-key="${esc(e.key)}" data-newly-failing="${e.newlyFailing}" ` +
        `data-fixed="${e.fixed}"><td>` +
        `<code>${esc(label(e.key))}</code>${title === undefined || title === "" ? "" : ` ${esc(title)}`}</td><td ` +
        `class="num" data-label="passing, first → last ` +
        `day">${share}</td><td>${sparkline(label(e.key), e.trend)}</td><td class="num" data-label="newly ` +
        `failing">${count(e.newlyFailing)}</td><td class="num" ` +
        `data-label="fixed">${count(e.fixed)}${e.waived > 0 ? ` <small>+${count(e.waived)} waived` + `</small>` : ""}${
          e.left > 0 ? ` ` + `<small>${count(e.left)} left</small>` : ""
        }</td>` +
        `<td ` +
        `class="num" data-label="time to fix, median">${esc(fixDays(t.medianDays, t.medianAtLeast))}</td><td ` +
        `class="num" data-label="p90">${esc(fixDays(t.p90Days, t.p90AtLeast))}</td><td class="num" data-label="still ` +
        `failing">${count(t.open)}${t.oldestOpenDays === null ? "" : ` <small>oldest ${t.oldestOpenDays.toFixed(1)} d</small>`}</td></tr>`
      );
    })
    .join("");
}

const HEAD =
  `<thead><tr><th>%s</th><th>passing, first → last day</th><th>trend</th><th>newly ` +
  `failing</th><th>fixed</th><th>time to fix, median</th><th>p90</th><th>still failing</th></tr></thead>`;

/**
 * The report's time axis, read from the history store: the period's proving runs, the trend,
 * transitions and time to fix per control and per policy, and the waivers open or expired in it.
 * `titles` names controls (`framework:id`) and policies.
 */
export function timeAxisSection(axis: TimeAxis, titles: ReadonlyMap<string, string>): string {
  const frameworks = [...new Set(axis.controls.map((e) => e.key.slice(0, e.key.indexOf(":"))))];
  const controlTables = frameworks
    .map((f) => {
      const entries = axis.controls.filter((e) => e.key.startsWith(`${f}:`));
      return (
        `<h4>${esc(f)}</h4><div class="scroll"><table class="axis" ` +
        `id="axis-${esc(f)}">${HEAD.replace("%s", "control")}<tbody>${rows(entries, (k) => k.slice(f.length + 1), titles)}</tbody>` +
        `</table></div>`
      );
    })
    .join("");
  const runs = axis.runs
    .map(
      (r) =>
        `<tr data-run="${r.id}"><td data-label="run">${r.id}</td><td ` +
        `data-label="at"><time>${esc(r.at)}</time></td><td data-label="row hash"><code>${esc(r.rowHash)}</code></td><td ` +
        `data-label="content hash"><code>${esc(r.contentHash)}</code></td><td data-label="policy ` +
        `set"><code>${esc(r.policySetHash.slice(0, 12))}</code></td></tr>`,
    )
    .join("");
  const waivers =
    axis.waivers.length === 0
      ? "<p>No waiver was open or expired in the period.</p>"
      : `<div class="scroll"><table class="axis" ` +
        `id="axis-waivers"><thead><tr><th>waiver</th><th>rules</th><th>approver</th><th>expires</th><th>devices waived ` +
        `at its last run in force</th></tr></thead><tbody>${axis.waivers
          .map(
            (w) =>
              `<tr data-waiver="${esc(w.name)}" data-status="${w.status}"><td>${esc(w.name)}</td><td ` +
              `data-label="rules">${w.rules.map((x) => `<code>${esc(x)}</code>`).join(" " + "")}</td><td ` +
              `data-label="approver">${esc(w.approver)}</td><td data-label="expires">${esc(w.expires)} ` +
              `${
                w.status === "open" ? "(open)" : `<b>(${w.status})` + `</b>`
              }</td><td data-label="devices waived at its last run ` +
              `in force">${
                w.lastRun === null
                  ? "in " + "force at no run of the period"
                  : `${count(w.devicesWaived)} ` + `at run ${w.lastRun}`
              }</td>` +
              `</tr>`,
          )
          .join("")}</tbody></table></div>`;
  return (
    `<section id="time-axis">${STYLE}<h2>Over time: ${esc(axis.from.slice(0, 10))} to ${esc(axis.to.slice(0, 10))}</h2>
<p class="hint">From the history store: the last run of each day stands for it. A device is newly failing at a ` +
    `run that found it failing when the run before did not (its first run included); time to fix runs from the ` +
    `first run that found it failing to the first that found it passing. Failures still open count at their age at ` +
    `the last run, so a figure marked &gt;= is a lower bound.</p>
<h3>Controls: share of in-scope devices passing (waived devices are not ` +
    `passing)</h3>${controlTables || "<p>No control tallies in the period.</p>"}
<h3>Policies: share of the devices each applies to that are compliant</h3><div class="scroll"><table ` +
    `class="axis" id="axis-policies">${HEAD.replace("%s", "policy")}<tbody>${rows(axis.policies, (k) => k, titles)}</tbody></table></div>
<h3>Waivers open or expired in the period</h3>${waivers}
<h3>The runs that prove it</h3><p class="hint">Each run's row hash is in the store's hash chain and, with ` +
    `<code>--audit-log</code>, in the audit log: <code>tenet history verify</code> and <code>tenet audit verify ` +
    `--history</code> check them; <code>tenet history replay RUN</code> recomputes a run.</p>
<div class="scroll"><table class="axis" id="axis-runs"><thead><tr><th>run</th><th>at</th><th>row ` +
    `hash</th><th>content hash</th><th>policy set</th></tr></thead><tbody>${runs}</tbody></table></div>
</section>`
  );
}
