import type { CheckedPolicySet } from "@tenet/parser";
import { ControlIndex, ControlTally, OUTCOME, type Outcome } from "../report/control-coverage.js";
import type { FrameworkCatalog } from "../report/catalog.js";
import { frameworkReport } from "../report/framework-report.js";
import type { FailOn } from "../run/gate.js";
import { DEVICE_STATES, HtmlCatalog, htmlDigest, POLICY_CODE, POLICY_STATES, type HtmlDigest } from "./html-digest.js";
import { STATE_COLOURS } from "./html-charts.js";
import { htmlPage, htmlScript, type HtmlProvenance, type HtmlSummary } from "./html-page.js";
import type { Renderer, Summary } from "./output-record.js";
import { Spool } from "./spool.js";
import type { TimeAxis } from "../report/time-axis.js";
import type { AccessAnalysis } from "@tenet/evaluator";

/** Up to this many devices, every device is listed; above it, compliant devices are counted, not listed. */
export const HTML_LIST_ALL_LIMIT = 5_000;
/** Distinct texts (expected values, fixes, remediations) shared through one table; later ones are written inline. */
const STRING_TABLE_LIMIT = 100_000;

/** What the html renderer needs besides the records: the policy set on every thread, the rest on the main one. */
export interface HtmlMeta {
  now: string;
  policySetHash: () => string;
  failOn: FailOn;
  policySet?: () => CheckedPolicySet;
  frameworks?: FrameworkCatalog;
  provenance?: () => HtmlProvenance;
  /** False with `--only failing`: compliant devices are counted, never listed. */
  listCompliant?: boolean;
  /** With `--history` and `--period`: the time axis, read from the store once the run is recorded. */
  timeAxis?: () => TimeAxis | undefined;
  /** The access analysis of the policy set, when it has access policies. */
  access?: () => AccessAnalysis | undefined;
}

/**
 * `html`: one self-contained file an auditor keeps: who ran what on which fleet, charts with
 * legends, control coverage with the same numbers as `tenet report`, waivers and gaps, and
 * every device that needs attention with a drill-down into each rule. Devices are written as
 * compact JSON rows spooled to a temporary file as they come, so memory stays flat however
 * large the fleet; the page renders them a page at a time.
 */
export const htmlRenderer = (meta: HtmlMeta): Renderer => {
  let catalog: HtmlCatalog | undefined;
  const catalogOf = (): HtmlCatalog => {
    if (catalog !== undefined) return catalog;
    const set = meta.policySet?.();
    if (set === undefined) throw new Error("internal error: the html renderer needs the policy set (a bug)");
    catalog = new HtmlCatalog(set, new ControlIndex(set, Date.parse(meta.now), meta.frameworks ?? {}));
    return catalog;
  };
  const attention = new Spool();
  let attentionRows = 0;
  let compliantRows: string[] | undefined = meta.listCompliant === false ? undefined : [];
  let compliant = 0;
  let tally: ControlTally | undefined;
  let byPolicy: number[][] | undefined;
  let ruleCounts: { applied: number; failing: number }[] | undefined;
  const waiversApplied = new Map<string, number>();
  const strings = new Map<string, number>();
  const intern = (text: string): number | string => {
    if (text === "") return -1;
    const known = strings.get(text);
    if (known !== undefined) return known;
    if (strings.size >= STRING_TABLE_LIMIT) return text;
    strings.set(text, strings.size);
    return strings.size - 1;
  };

  const fold = (d: HtmlDigest, c: HtmlCatalog) => {
    tally ??= new ControlTally(c.controls.controls.length);
    byPolicy ??= c.policies.map(() => new Array<number>(POLICY_STATES.length).fill(0));
    ruleCounts ??= c.rules.map(() => ({ applied: 0, failing: 0 }));
    const outcomes: Outcome[] = [];
    for (let i = 0; i < d.controls.length; i++) outcomes.push((d.controls.charCodeAt(i) - 48) as Outcome);
    tally.add(outcomes.length === 0 ? c.controls.controls.map(() => OUTCOME.notInScope) : outcomes);
    for (let i = 0; i < d.policyStates.length; i++) byPolicy[i]![POLICY_CODE.indexOf(d.policyStates[i]!)]!++;
    for (const cell of d.rules) {
      const index = typeof cell === "number" ? cell : cell[0];
      ruleCounts[index]!.applied++;
      if (typeof cell !== "number" && (cell[1] === "f" || cell[1] === "e")) ruleCounts[index]!.failing++;
    }
    for (const w of d.waivers) waiversApplied.set(w, (waiversApplied.get(w) ?? 0) + 1);
  };

  const row = (d: HtmlDigest): string =>
    JSON.stringify([
      d.name,
      d.id,
      d.platform,
      d.state,
      d.gated ? 1 : 0,
      d.checkIn,
      d.source,
      d.rules.map((cell) =>
        typeof cell === "number"
          ? cell
          : [cell[0], cell[1], intern(cell[2]), cell[3], intern(cell[4]), intern(cell[5]), intern(cell[6])],
      ),
      d.notes,
      d.waivers,
      d.graceEnds,
      d.policyStates,
    ]).replace(/</g, "\\u003c");

  return {
    streams: false,
    tallies: true,
    reads: "result",
    separator: "",
    begin: () => "",
    digest: (r) => htmlDigest(r, catalogOf(), meta.failOn),
    take: (value) => {
      const d = value as HtmlDigest;
      const c = catalogOf();
      if (DEVICE_STATES[d.state] !== "inputError") fold(d, c);
      if (DEVICE_STATES[d.state] === "compliant" && !d.gated) {
        compliant++;
        if (compliantRows !== undefined && attentionRows + compliant <= HTML_LIST_ALL_LIMIT) compliantRows.push(row(d));
        else compliantRows = undefined;
      } else {
        attention.append(`${attentionRows === 0 ? "" : ","}${row(d)}`);
        attentionRows++;
        if (compliantRows !== undefined && attentionRows + compliant > HTML_LIST_ALL_LIMIT) compliantRows = undefined;
      }
      return "";
    },
    finish: async (summary: Summary, write) => {
      const c = catalogOf();
      const controls = tally ?? new ControlTally(c.controls.controls.length);
      const frameworks = [...new Set(c.controls.controls.map((x) => x.framework))];
      const report: HtmlSummary = {
        now: meta.now,
        policySetHash: meta.policySetHash(),
        failOn: meta.failOn,
        provenance: meta.provenance?.() ?? {},
        summary,
        policies: c.policies.map((p, i) => ({ ...p, states: byPolicy?.[i] ?? POLICY_STATES.map(() => 0) })),
        frameworks: frameworks.map((f) => frameworkReport(c.controls, controls, meta.frameworks ?? {}, f)),
        uncitedFrameworks: Object.keys(meta.frameworks ?? {}).filter((f) => !frameworks.includes(f)),
        waivers: c.set.waivers.map((w) => ({
          name: w.name,
          rules:
            w.appliesTo === "signIns"
              ? [
                  w.properties === undefined
                    ? "sign-ins in its scope (an exception for the access analysis)"
                    : `sign-ins in its scope, for ${w.properties.join(", ")} only (an exception for the access analysis)`,
                ]
              : w.rules.map((r) => (r.rule === undefined ? `${r.policy} (every rule)` : `${r.policy}.${r.rule}`)),
          reason: w.reason,
          approver: w.approver,
          ...(w.ticket === undefined ? {} : { ticket: w.ticket }),
          expires: new Date(w.expiresMillis).toISOString().slice(0, 10),
          open: w.expiresMillis > Date.parse(meta.now),
          applied: waiversApplied.get(w.name) ?? 0,
        })),
        rules: c.rules.map((r, i) => ({ ...r, ...(ruleCounts?.[i] ?? { applied: 0, failing: 0 }) })),
        attention: attentionRows,
        compliant,
        compliantListed: compliantRows !== undefined,
        listAllLimit: HTML_LIST_ALL_LIMIT,
      };
      const axis = meta.timeAxis?.();
      if (axis !== undefined) report.timeAxis = axis;
      const access = meta.access?.();
      if (access !== undefined) report.access = access;
      await write(htmlPage(report));
      await write('<script type="application/json" id="tenet-devices">[');
      await attention.drainTo(write);
      if (compliantRows !== undefined && compliantRows.length > 0)
        await write(`${attentionRows === 0 ? "" : ","}${compliantRows.join(",")}`);
      await write("]</script>\n");
      const tables = {
        states: DEVICE_STATES,
        policyStates: POLICY_STATES,
        policyCodes: POLICY_CODE,
        policies: c.policies.map((p) => p.name),
        rules: c.rules.map((r) => [r.id, r.title, r.policy, r.severity]),
        strings: [...strings.keys()],
        colours: STATE_COLOURS,
      };
      await write(
        `<script type="application/json" id="tenet-tables">${JSON.stringify(tables).replace(/</g, "\\u003c")}</script>\n`,
      );
      await write(htmlScript());
    },
  };
};
