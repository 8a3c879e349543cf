import { readFileSync } from "node:fs";
import type { HistoryStore } from "@tenet/history";

/**
 * Checks that every run the audit log names (`historyRun`) is in the store with the same row
 * hash (or was dropped by the store's retention), and that the store's own chain holds.
 */
export async function verifyBinding(logPath: string, store: HistoryStore): Promise<string[]> {
  const problems = (await store.verify()).map((p) => `history run ${p.run} ${p.problem}`);
  const runs = new Map((await store.runs()).map((r) => [r.id, r.rowHash]));
  const pruned =
    (await store.driver.query<{ t: number | null }>("SELECT max(through_run) AS t FROM retention_markers"))[0]?.t ?? 0;
  readFileSync(logPath, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      let bound: { id: number; rowHash: string } | undefined;
      try {
        bound = (JSON.parse(line) as { historyRun?: { id: number; rowHash: string } }).historyRun;
      } catch {
        return; // reported by the log's own check
      }
      if (bound === undefined) return;
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
