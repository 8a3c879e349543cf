import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { compile } from "@tenet/evaluator";
import { checkAndRecord, HistoryStore } from "@tenet/history";
import { loadPolicySources } from "@tenet/parser";
import { verifyBinding } from "./history-binding.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-binding-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const START = Date.parse("2026-06-01T06:00:00Z");
const day = (n: number) => new Date(START + n * DAY).toISOString();
const sources = [
  {
    path: "p.tenet",
    text: 'compliance win "W" { platform windows rule fw "F" { require device.firewallEnabled == true } }',
  },
];

it(
  "accepts runs the store's retention dropped only when a marker vouches for them: a forged marker or runs cut too early are named",
  { timeout: 300_000 },
  async () => {
    const compiled = compile(loadPolicySources(sources, { now: START }).value);
    const store = await HistoryStore.open(join(dir, "store"), { tool: "tenet test" });
    try {
      const log: string[] = [];
      for (let n = 0; n < 4; n++) {
        const run = await checkAndRecord(store, {
          compiled,
          bundle: { sources },
          now: day(n),
          snapshots: [
            { id: "d1", operatingSystem: "Windows", osVersion: "10.0.26100.1", firewallEnabled: n % 2 === 0 },
          ],
        });
        log.push(JSON.stringify({ now: day(n), historyRun: { id: run.id, rowHash: run.rowHash } }));
      }
      const path = join(dir, "audit.ndjson");
      writeFileSync(path, `${log.join("\n")}\n`);
      // Keeping two days on day 3 drops run 1 (day 0) behind a marker that keeps its row hash.
      expect(await store.retain(2, day(3))).toMatchObject({ throughRun: 1 });
      expect(await verifyBinding(path, store)).toEqual([]);

      // Someone deletes run 2 and moves the marker over it, its hash chained to run 3: the store's chain holds,
      // but run 2 (day 1) was too recent for a two-day retention on day 3.
      const run3 = await store.run(3);
      await store.driver.query("DELETE FROM runs WHERE id = 2");
      await store.driver.query("UPDATE retention_markers SET through_run = 2, last_hash = $1", [run3.previousHash]);
      expect(await store.verify()).toEqual([]);
      expect(await verifyBinding(path, store)).toEqual([
        `record 2 names history run 2, which a retention marker of ${day(3)} (keeping 2 days) dropped ` +
          `though it was recorded at or after ${day(1)}: runs were deleted behind a retention marker`,
      ]);
      // A marker that keeps another hash than the log's for the run it ends at is named too.
      await store.driver.query("UPDATE retention_markers SET last_hash = $1", ["0".repeat(64)]);
      expect(await verifyBinding(path, store)).toContain(
        "record 2 names history run 2, and the retention marker that dropped it keeps another row hash: " +
          "the marker was forged or the run replaced before it",
      );
    } finally {
      await store.close();
    }
  },
);
