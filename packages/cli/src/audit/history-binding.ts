import { readFileSync } from "node:fs";
import type { HistoryStore, RetentionMarker } from "@tenet/history";

/**
 * Checks that every run the audit log names (`historyRun`) is in the store with the same row
 * hash, or was dropped by the store's retention, and that the store's own chain holds. A run
 * the log names as dropped must be vouched for by a retention marker: the marker that ends at
 * that run keeps its row hash, and the run was older than the marker's retention period when
 * it was cut. So a marker forged to hide deleted runs, or runs deleted "by retention" too
 * early, is named.
 */
export async function verifyBinding(logPath: string, store: HistoryStore): Promise<string[]> {
  const problems = (await store.verify()).map((p) => `history run ${p.run} ${p.problem}`);
  const runs = new Map((await store.runs()).map((r) => [r.id, r.rowHash]));
  const markers = await store.retentionMarkers();
  const pruned = markers.reduce((n, m) => Math.max(n, m.throughRun), 0);
  readFileSync(logPath, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      let bound: { id: number; rowHash: string } | undefined;
      let now: string | undefined;
      try {
        ({ historyRun: bound, now } = JSON.parse(line) as {
          historyRun?: { id: number; rowHash: string };
          now?: string;
        });
      } catch {
        return; // reported by the log's own check
      }
      if (bound === undefined) return;
      if (!runs.has(bound.id) && bound.id <= pruned) {
        const problem = droppedRunProblem(bound, now, markers);
        if (problem !== undefined) problems.push(`record ${i + 1} names history run ${bound.id}, ${problem}`);
        return;
      }
      const hash = runs.get(bound.id);
      if (hash === undefined && bound.id > pruned)
        problems.push(`record ${i + 1} names history run ${bound.id}, which is not in the store: it was deleted`);
      else if (hash !== undefined && hash !== bound.rowHash)
        problems.push(
          `record ${i + 1} names history run ${bound.id} with another row hash: the run in the store was edited or replaced`,
        );
    });
  return problems;
}

/** Why a run the log names is not vouched for by the retention marker that dropped it, if it is not. */
function droppedRunProblem(
  bound: { id: number; rowHash: string },
  now: string | undefined,
  markers: RetentionMarker[],
): string | undefined {
  const marker = markers.find((m) => m.throughRun >= bound.id)!;
  if (marker.throughRun === bound.id && marker.lastHash !== bound.rowHash)
    return `and the retention marker that dropped it keeps another row hash: the marker was forged or the run replaced before it`;
  const cutoff = Date.parse(marker.at) - marker.days * 86_400_000;
  if (now !== undefined && Date.parse(now) >= cutoff)
    return (
      `which a retention marker of ${marker.at} (keeping ${marker.days} days) dropped though it was recorded ` +
      `at or after ${new Date(cutoff).toISOString()}: runs were deleted behind a retention marker`
    );
  return undefined;
}
