// html: the Conditional Access analysis section (`tenet analyze access` over the report's access policies).
import type { AccessAnalysis } from "@tenet/evaluator";
import { count, esc } from "./html-charts.js";
import { FINDING_CODES, limitedTo } from "./analyze-text.js";

/** The section: each requirement PASS/FAIL with its witnesses and exceptions, then every finding with its fix. */
export function accessSection(a: AccessAnalysis): string {
  const s = a.stats;
  const verdict = (status: string) =>
    status === "pass"
      ? `<b class="pass">PASS</b>`
      : status === "fail"
        ? `<b class="fail">FAIL</b>`
        : `<b class="undecided">NOT DECIDED</b>`;
  const witness = (signIn: unknown) => `<pre>${esc(JSON.stringify(signIn, null, 1))}</pre>`;
  const witnessParagraph = (w: AccessAnalysis["requirements"][number]["witnesses"][number]) =>
    `<p>${esc(w.class)}: ${esc(w.decision)}${w.accessGrantedNow ? ", access granted" : ""}</p>${witness(w.signIn)}`;
  const findingPlace = (f: AccessAnalysis["findings"][number]) =>
    f.span === undefined || f.span.file === "" ? "" : ` <small>${esc(f.span.file)}:${f.span.start.line}</small>`;
  const rows = a.requirements
    .map((r) => {
      const exceptions = (r.exceptions ?? [])
        .map(
          (e) =>
            `<div>exception <code>${esc(e.name)}</code>${esc(limitedTo(e))} ` +
            `${e.expired ? `<b>expired on ${esc(e.expires)}</b>: no longer excuses` : `until ${esc(e.expires)} excuses`} ` +
            `${count(e.classes)} classes (${esc(e.reason)}; ${esc(e.approver)})</div>`,
        )
        .join("");
      const witnesses =
        r.witnesses.length === 0
          ? ""
          : `<details><summary>${r.witnesses.length} witness sign-ins (<code>tenet whatif</code> reproduces ` +
            `each)</summary>${r.witnesses.map(witnessParagraph).join("")}</details>`;
      const title = r.title === undefined ? "" : `<br><small>${esc(r.title)}</small>`;
      const source = r.source === "default" ? " <small>(Tenet default)</small>" : "";
      const classes =
        r.status === "fail"
          ? `${count(r.failingClasses)} of ${count(r.classesInScope)} classes fail`
          : `${count(r.classesInScope)} classes in scope`;
      const undecided = r.notDecided.map((w) => `<div><small>not decided: ${esc(w)}</small></div>`).join("");
      return (
        `<tr data-requirement="${esc(r.name)}" data-status="${r.status}">` +
        `<td><code>${esc(r.name)}</code>${title}</td><td>${esc(r.claim)}${source}</td><td>${verdict(r.status)}</td>` +
        `<td>${classes}${undecided}${exceptions}</td><td>${witnesses}</td></tr>`
      );
    })
    .join("");
  const findings = a.findings.filter((f) => f.kind !== "notDecided");
  const list =
    findings.length === 0
      ? "<p>No findings.</p>"
      : `<ul class="findings">${findings
          .map(
            (f) =>
              `<li data-finding="${FINDING_CODES[f.kind]}"><details><summary>` +
              `${esc(f.severity)}[${FINDING_CODES[f.kind]}]${findingPlace(f)}: ${esc(f.message)}</summary>` +
              `${f.fix === undefined ? "" : `<p>fix: ${esc(f.fix)}</p>`}` +
              `${f.witness === undefined ? "" : witness(f.witness.signIn)}</details></li>`,
          )
          .join("")}</ul>`;
  const undecided =
    a.notDecided.length === 0
      ? ""
      : `<h3>Not decided</h3><ul>${a.notDecided.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`;
  return (
    `<section id="access-analysis"><h2>Conditional Access analysis</h2><p>${count(s.policies)} access ` +
    `policies; every sign-in split into ${count(s.classes)} classes, each decided by the What If evaluator ` +
    `(<code>tenet analyze access</code>, docs/analyze.md).</p><div ` +
    `class="scroll"><table><thead><tr><th>requirement</th><th>claim</th><th>baseline</th><th>classes</th>` +
    `<th>witnesses</th></tr></thead><tbody>${rows}</tbody></table></div><h3>Findings</h3>${list}${undecided}</section>`
  );
}
