import type { Diagnostic } from "@tenet/parser";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import { briefOf, Summary, type OutputRecord, type Renderer } from "../render/output-record.js";
import type { FailOn, Only } from "./gate.js";

/**
 * Records evaluated and rendered on one thread, in input order: streamed formats as their UTF-8
 * bytes (outside V8's heap: a worker's move to the main thread without a copy, and the main
 * thread's own, held behind a worker's batch, are not copied and promoted by scavenges; with
 * --history nearly all such text was, docs/benchmarks.md), aggregate formats as one digest per
 * listed record; with the records' summary totals and the unreadable ones' diagnostics, which
 * the main thread adds in input order.
 */
export type RenderedBatch = ({ bytes: Buffer } | { digests: unknown[] }) & {
  count: number;
  summary: Summary;
  diagnostics: Diagnostic[];
};

/**
 * Evaluates `records` with `run` and renders each result as soon as it exists, so no result
 * outlives its record: holding a batch of results tripled the time spent in garbage collection.
 * The same code runs on the workers and on the main thread. Records `only` leaves out are not rendered.
 */
export function renderBatch(
  records: readonly SnapshotRecord[],
  run: (raw: SnapshotRecord) => OutputRecord,
  renderer: Renderer,
  failOn: FailOn,
  only: Only,
): RenderedBatch {
  // Platforms and failing rules are tallied only for formats that print them (`Renderer.tallies`).
  const summary = new Summary(failOn, renderer.tallies === true);
  const diagnostics: Diagnostic[] = [];
  let text = "";
  const digests: unknown[] = [];
  for (const raw of records) {
    const record = run(raw);
    const brief = briefOf(record, failOn, only === "failing", summary.tallies);
    if (brief.listed) {
      if (renderer.streams) text += renderer.digest(record) as string;
      else digests.push(renderer.digest(record));
    }
    summary.add(brief);
    if (brief.diagnostic !== undefined) diagnostics.push(brief.diagnostic);
  }
  const tally = { count: records.length, summary, diagnostics };
  return renderer.streams ? { bytes: Buffer.from(text, "utf8"), ...tally } : { digests, ...tally };
}
