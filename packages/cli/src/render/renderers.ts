import type { Paint } from "../terminal.js";
import { streamRenderer, type OutputRecord, type Renderer } from "./output-record.js";
import { csvRenderer, jsonRenderer, ndjsonRenderer } from "./render-data.js";
import { junitRenderer } from "./render-junit.js";
import { tableRenderer } from "./render-table.js";
import { htmlRenderer, type HtmlMeta } from "./render-html.js";
import { githubRenderer, sarifRenderer } from "./render-annotations.js";
import { intuneComplianceSummary } from "@tenet/intune";
import { DEFAULT_FAIL_ON } from "../run/gate.js";

export const CHECK_FORMATS = ["table", "json", "ndjson", "csv", "junit", "sarif", "github", "intune", "html"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** What renderers are told about the run (html also takes the policy set, catalog and provenance: see HtmlMeta). */
export type RunMeta = HtmlMeta;

export function rendererFor(
  format: CheckFormat,
  paint: Paint,
  meta: RunMeta = { now: "", policySetHash: () => "", failOn: DEFAULT_FAIL_ON },
): Renderer {
  switch (format) {
    case "table":
      return tableRenderer(paint, meta.failOn);
    case "json":
      return jsonRenderer();
    case "ndjson":
      return ndjsonRenderer();
    case "csv":
      return csvRenderer();
    case "junit":
      return junitRenderer(meta.failOn);
    case "sarif":
      return sarifRenderer(meta.failOn);
    case "github":
      return githubRenderer(meta.failOn);
    case "html":
      return htmlRenderer(meta);
    case "intune":
      // One Intune-mode summary (docs/intune-mode.md §4.1) per line; error records keep their input position.
      return streamRenderer(intuneLine);
  }
}

function intuneLine(r: OutputRecord): string {
  const line =
    r.result === undefined
      ? { input: r.input, error: r.error }
      : { input: r.input, ...intuneComplianceSummary(r.result) };
  return `${JSON.stringify(line)}\n`;
}
