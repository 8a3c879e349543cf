import type { FrameworkReport } from "../report/framework-report.js";
import type { FailOn } from "../run/gate.js";
import { barChart, count, esc, legend, percent, stackedBar } from "./html-charts.js";
import { HTML_CLIENT } from "./html-client.js";
import { HTML_STYLE } from "./html-style.js";
import { timeAxisSection } from "./html-time-axis.js";
import { accessSection } from "./html-access.js";
import type { AccessAnalysis } from "@tenet/evaluator";
import type { TimeAxis } from "../report/time-axis.js";
import type { Summary } from "./output-record.js";

/** Where the run came from, for the header: what an auditor needs to tie the file to a run. */
export interface HtmlProvenance {
  /** The tenant id of a pulled snapshot directory. */
  tenant?: string;
  /** The tenant settings file (`--tenant`). */
  tenantSettings?: string;
  /** The policy directory's git commit, with `+changes` when its files differ from it. */
  git?: string;
  /** The audit-log record of this run (`--audit-log`). */
  audit?: { log: string; seq: number; hash: string };
  /** The history-store run this report's run was recorded as (`--history`). */
  history?: { store: string; run: number; rowHash: string };
  engineVersion?: string;
}

/** Everything the page shows above the device list; the devices themselves follow as data. */
export interface HtmlSummary {
  now: string;
  policySetHash: string;
  failOn: FailOn;
  provenance: HtmlProvenance;
  summary: Summary;
  /** Per compliance policy, the devices in each policy state (POLICY_STATES order). */
  policies: { name: string; title: string; states: number[] }[];
  frameworks: FrameworkReport[];
  uncitedFrameworks: string[];
  waivers: {
    name: string;
    rules: string[];
    reason: string;
    approver: string;
    ticket?: string;
    expires: string;
    open: boolean;
    applied: number;
  }[];
  rules: { id: string; title: string; policy: number; severity: string; applied: number; failing: number }[];
  attention: number;
  compliant: number;
  compliantListed: boolean;
  listAllLimit: number;
  /** With `--history` and `--period`: the period before the run, from the store. */
  timeAxis?: TimeAxis;
  /** When the policy set has access policies: `tenet analyze access` over them. */
  access?: AccessAnalysis;
}

const DEVICE_STATES = ["compliant", "inGracePeriod", "noncompliant", "error", "unknown"];
const APPLYING_STATES = ["compliant", "inGracePeriod", "noncompliant", "error", "unknown"];

function header(r: HtmlSummary): string {
  const p = r.provenance;
  const item = (term: string, value: string | undefined, id: string) =>
    value === undefined ? "" : `<div><dt>${term}</dt><dd id="${id}">${value}</dd></div>`;
  return `<header><h1>Tenet compliance report</h1><dl class="provenance">${[
    item(
      "Tenant",
      p.tenant === undefined
        ? p.tenantSettings === undefined
          ? "not recorded"
          : `settings from ${esc(p.tenantSettings)}`
        : esc(p.tenant),
      "tenant",
    ),
    item("Evaluated at", `<time>${esc(r.now)}</time>`, "evaluated-at"),
    item("Policy set", `<code>${esc(r.policySetHash)}</code>`, "policy-set"),
    item("Git revision", p.git === undefined ? "not a git checkout" : `<code>${esc(p.git)}</code>`, "git-revision"),
    item(
      "Audit log",
      p.audit === undefined
        ? "not recorded (run with --audit-log)"
        : `record ${p.audit.seq} of ${esc(p.audit.log)}, hash <code>${esc(p.audit.hash)}</code>`,
      "audit-record",
    ),
    item(
      "History",
      p.history === undefined
        ? undefined
        : `run ${p.history.run} of ${esc(p.history.store)}, row hash <code>${esc(p.history.rowHash)}</code>`,
      "history-run",
    ),
    item("Engine", p.engineVersion === undefined ? undefined : esc(p.engineVersion), "engine"),
    item("Gate", `--fail-on ${esc(r.failOn)}: ${count(r.summary.failing)} devices fail it`, "gate"),
  ].join("")}</dl></header>`;
}

function overview(r: HtmlSummary): string {
  const s = r.summary;
  const segments = DEVICE_STATES.map((st) => [st, s.states.get(st) ?? 0] as [string, number]);
  if (s.errors > 0) segments.push(["inputError", s.errors]);
  const total = s.devices + s.errors;
  const platforms = [...s.platforms].sort(([a], [b]) => a.localeCompare(b));
  const policies = r.policies.map((p) => {
    const applying = APPLYING_STATES.map((st, i) => [st, p.states[i] ?? 0] as [string, number]);
    const applies = applying.reduce((sum, [, n]) => sum + n, 0);
    const notApplicable = p.states[5] ?? 0;
    return {
      label: p.name,
      note:
        `applies to ${count(applies)}; ${percent(p.states[0] ?? 0, applies)} ` +
        `compliant${notApplicable > 0 ? `; ${count(notApplicable)} not applicable` : ""}`,
      segments: applying,
    };
  });
  return (
    `<section id="overview"><h2>Devices by state</h2>
<p>${count(s.devices)} devices ` +
    `evaluated${s.errors > 0 ? `, ${count(s.errors)} input records unreadable` : ""}; ${count(r.attention)} need ` +
    `attention.</p>
${legend(segments, total)}${stackedBar("devices by state", segments)}
<h2>State by platform</h2>${barChart(
      "by-platform",
      platforms.map(([name, states]) => {
        const n = [...states.values()].reduce((a, b) => a + b, 0);
        return {
          label: name,
          note: `${count(n)} devices; ${percent(states.get("compliant") ?? 0, n)} compliant`,
          segments: DEVICE_STATES.map((st) => [st, states.get(st) ?? 0]),
        };
      }),
      DEVICE_STATES,
    )}
<h2>State by policy</h2><p class="hint">Over the devices each policy applies to; devices of other platforms or ` +
    `outside its assignments are counted as not applicable beside the ` +
    `bar.</p>${barChart("by-policy", policies, APPLYING_STATES)}
</section>`
  );
}

function topRules(r: HtmlSummary): string {
  const failing = r.rules
    .map((x, index) => ({ ...x, index }))
    .filter((x) => x.failing > 0)
    .sort((a, b) => b.failing - a.failing || a.id.localeCompare(b.id));
  if (failing.length === 0)
    return `<section id="rules"><h2>Failing rules</h2><p>No rule fails on any device.</p></section>`;
  return (
    `<section id="rules"><h2>Failing rules</h2><div class="scroll"><table ` +
    `id="top-rules"><thead><tr><th>rule</th><th>title</th><th>severity</th><th>devices failing or in ` +
    `error</th><th>of devices it applies to</th></tr></thead><tbody>${failing
      .map(
        (x) =>
          `<tr><td><button class="rule" data-rule-index="${x.index}" title="list the devices this rule fails ` +
          `on"><code>${esc(x.id)}</code></button></td><td>${esc(x.title)}</td><td>${esc(x.severity)}</td>` +
          `<td>${count(x.failing)}</td><td>${percent(x.failing, x.applied)} of ${count(x.applied)}</td></tr>`,
      )
      .join("")}</tbody></table></div></section>`
  );
}

function controls(r: HtmlSummary): string {
  if (r.frameworks.length === 0)
    return `<section id="controls"><h2>Control coverage</h2><p>No rule or access policy maps to a framework control.</p></section>`;
  const frameworks = r.frameworks.map((f) => {
    const rows = f.controls
      .map((c) => {
        const failing = c.inScope - c.passing - c.waived;
        const bar =
          c.inScope === 0
            ? ""
            : stackedBar(`${f.framework} ${c.id}`, [
                ["compliant", c.passing],
                ["waived", c.waived],
                ["failing", failing],
              ]);
        const waivers = c.waivers.map((w) => `${esc(w.name)} (expires ${esc(w.expires)})`).join(", ");
        return (
          `<tr data-control="${esc(`${f.framework} ${c.id}`)}" data-in-scope="${c.inScope}" ` +
          `data-passing="${c.passing}" ` +
          `data-waived="${c.waived}"><td><code>${esc(c.id)}</code></td><td>${esc(c.title) || "<i>not in the catalog</i>"}</td><td ` +
          `class="pct">${percent(c.passing, c.inScope)}</td>` +
          `<td>${
            c.inScope === 0
              ? "no device in scope (access policies or rules that applied to " + "none)"
              : `${count(c.passing)} ` +
                `of ${count(c.inScope)} in-scope devices ` +
                `pass${c.waived > 0 ? `, ` + `${count(c.waived)} waived` : ""}`
          }${bar}</td>` +
          `<td><details><summary>${c.rules.length} ` +
          `rules</summary>${c.rules.map((id) => `<code>${esc(id)}</code>`).join(" ")}</details></td><td>${waivers || "none"}</td></tr>`
        );
      })
      .join("");
    const gaps =
      f.gaps.length === 0
        ? "<p>Gaps: none; every catalog control is covered.</p>"
        : `<p class="gaps"><b>Gaps</b> (catalog controls no rule covers): ` +
          `${f.gaps.map((g) => `<code>${esc(g.id)}</code> ${esc(g.title)}`).join("; ")}</p>`;
    return (
      `<h3 id="framework-${esc(f.framework)}">${esc(f.title)} ` +
      `<small>(${esc(f.framework)})</small></h3><div class="scroll"><table ` +
      `class="controls"><thead><tr><th>control</th><th>title</th><th>passing</th><th>devices</th><th>evidence</th><th>open ` +
      `waivers</th></tr></thead><tbody>${rows}</tbody></table></div>${gaps}`
    );
  });
  return (
    `<section id="controls"><h2>Control coverage</h2><p class="hint">A device is in scope of a control ` +
    `when at least one covering rule applied to it, and passes when every one passed: the computation of ` +
    `<code>tenet report --framework</code>.` +
    `</p>${frameworks.join("")}${
      r.uncitedFrameworks.length === 0
        ? ""
        : `<p>Frameworks in the catalog no ` + `policy cites: ${r.uncitedFrameworks.map(esc).join(", " + "")}.</p>`
    }</section>`
  );
}

function waivers(r: HtmlSummary): string {
  if (r.waivers.length === 0)
    return `<section id="waivers"><h2>Waivers</h2><p>The policy set declares no waivers.</p></section>`;
  return (
    `<section id="waivers"><h2>Waivers</h2><div ` +
    `class="scroll"><table><thead><tr><th>waiver</th><th>rules</th><th>reason</th><th>approver</th><th>expires</th><th>devices ` +
    `waived</th></tr></thead><tbody>${r.waivers
      .map(
        (w) =>
          `<tr><td>${esc(w.name)}${w.ticket === undefined ? "" : ` ` + `<small>${esc(w.ticket)}</small>`}</td>` +
          `<td>${w.rules.map((x) => `<code>${esc(x)}</code>`).join(" " + "")}</td><td>${esc(w.reason)}</td>` +
          `<td>${esc(w.approver)}</td><td>${esc(w.expires)} ${w.open ? "(open)" : "<b>(expired)" + "</b>"}</td>` +
          `<td>${count(w.applied)}</td></tr>`,
      )
      .join("")}</tbody></table></div></section>`
  );
}

// Printed repeated table headers lose form controls' text, so each header also has plain text for print.
/** The states the device list's state filter offers, in the order a reader looks for them. */
const LISTED_STATES = ["inGracePeriod", "noncompliant", "error", "unknown", "inputError", "compliant"];

const COLUMNS = [
  ["name", "Device"],
  ["platform", "Platform"],
  ["state", "State"],
  ["failing", "Failing rules"],
  ["checkIn", "Last check-in"],
] as const;

function deviceSection(r: HtmlSummary): string {
  const platforms = [...r.summary.platforms.keys()].sort();
  const listed = r.compliantListed
    ? `Every device is listed: the report lists compliant devices too when the fleet has at most ${count(r.listAllLimit)} devices.`
    : `The ${count(r.compliant)} compliant devices are counted above but not listed: the report lists ` +
      `compliant devices only when the fleet has at most ${count(r.listAllLimit)} devices (use <code>--format ` +
      `csv</code> for every device).`;
  const options = (values: [string, string][]) =>
    values.map(([v, label]) => `<option value="${esc(v)}">${esc(label)}</option>`).join("");
  const failingRules = r.rules.map((x, i) => [x, i] as const).filter(([x]) => x.failing > 0);
  return (
    `<section id="devices-section"><h2>Devices needing attention</h2>
<p id="list-note">All ${count(r.attention)} devices needing attention are listed (in grace period, ` +
    `noncompliant, in error, unknown, failing the gate, or unreadable). ${listed}</p>
<div class="filters no-print">
<label>State <select id="f-state"><option value="attention">needing attention</option><option value="">every ` +
    `listed device</option>${options(LISTED_STATES.map((s) => [s, s]))}<option ` +
    `value="gated">failing the gate</option></select></label>
<label>Platform <select id="f-platform"><option value="">every platform</option>${options(platforms.map((p) => [p, p]))}</select></label>
<label>Policy <select id="f-policy"><option value="">every ` +
    `policy</option>${options(r.policies.map((p, i) => [String(i), `${p.name} applies`]))}</select></label>
<label>Rule <select id="f-rule"><option value="">every ` +
    `rule</option>${options(failingRules.map(([x, i]) => [String(i), `${x.id} fails (${x.failing})`]))}</select></label>
<label>Device <input id="f-text" type="search" placeholder="name or id"></label>
</div>
<p id="count" aria-live="polite"></p>
<table id="devices"><thead>` +
    `<tr>${COLUMNS.map(
      ([key, label]) =>
        `<th data-sort="${key}" ` +
        `aria-sort="${key === "state" ? "descending" : "none"}"><button>${label}</button><span ` +
        `class="print-text">${label}</span></th>`,
    ).join("")}</tr>` +
    `</thead><tbody></tbody></table>
<nav class="pager no-print"><button id="prev">Previous</button> <span id="page"></span> <button id="next">Next</button></nav>
<noscript><p>The device list needs JavaScript; the summary above does not.</p></noscript>
</section>
`
  );
}

/** Text as a CSS string: quotes and backslashes escaped, and `<` too so it cannot end the style element. */
const cssString = (s: string): string =>
  `"${s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\n\r\f]/g, " ")
    .replace(/</g, "\\3c ")}"`;

/** The printed page's running header and page numbers (CSS page-margin boxes): which run, on every page. */
function printHeader(r: HtmlSummary): string {
  const tenant = r.provenance.tenant === undefined ? "" : ` · tenant ${r.provenance.tenant}`;
  const run = `Tenet compliance report · evaluated at ${r.now} · policy set ${r.policySetHash.slice(0, 12)}${tenant}`;
  const box = "font:9px system-ui,sans-serif;color:#555";
  return (
    `<style media="print">@page{@top-left{content:${cssString(run)};${box}}@top-right{content:"page " ` +
    `counter(page) " of " counter(pages);${box}}}</style>`
  );
}

/** Titles for the time axis: each cited control's catalog title and each policy's. */
function timeAxisPart(r: HtmlSummary): string {
  return r.timeAxis === undefined ? "" : `${timeAxisSection(r.timeAxis, axisTitles(r))}\n`;
}

function axisTitles(r: HtmlSummary): Map<string, string> {
  const titles = new Map<string, string>(r.policies.map((p) => [p.name, p.title]));
  for (const f of r.frameworks) for (const c of f.controls) titles.set(`${f.framework}:${c.id}`, c.title);
  return titles;
}

/** The page up to the device data: header, charts, rules, controls, waivers and the device list's frame. */
export function htmlPage(r: HtmlSummary): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tenet compliance report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${HTML_STYLE}</style>${printHeader(r)}</head><body>
${header(r)}
<main>
${overview(r)}
${topRules(r)}
${controls(r)}
${waivers(r)}
${r.access === undefined ? "" : `${accessSection(r.access)}\n`}${timeAxisPart(r)}${deviceSection(r)}
</main>
`;
}

/** The page's script and end, written after the device data it reads. */
export function htmlScript(): string {
  return `<script>${HTML_CLIENT}</script>\n</body></html>\n`;
}
