import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-history-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Worker threads start only for inputs of 512 KiB or more: the example fleet, 30 times over with
// distinct ids (about 600 KB). On the second day every device checks in and every tenth has a new build.
const lines = readFileSync(join(ROOT, "examples/fleet/devices.ndjson"), "utf8").trim().split("\n");
const fleet = (day: number) =>
  Array.from({ length: 30 }, (_, copy) =>
    lines.map((line, i) => {
      let l = line.replace(/"id": "a1b2c3d4-0000-/, `"id": "a1b2c3d4-${String(copy).padStart(4, "0")}-`);
      l = l.replace(/"lastSyncDateTime": "[^"]*"/, `"lastSyncDateTime": "2026-11-2${5 + day}T08:00:00Z"`);
      if (day > 0 && (copy * lines.length + i) % 10 === 0)
        l = l.replace(/"osVersion": "[^"]*"/, `"osVersion": "10.0.19045.1"`);
      return l;
    }),
  )
    .flat()
    .join("\n") + "\n";
const days = [0, 1].map((day) => {
  const path = join(dir, `day${day}.ndjson`);
  writeFileSync(path, fleet(day));
  return path;
});
const check = (day: number, store: string, jobs: string) =>
  tenet(
    [
      "check",
      "-p",
      "policies",
      days[day]!,
      "--tenant",
      "examples/tenant.json",
      "--now",
      `2026-11-2${5 + day * 3}T12:00:00Z`,
      "--fail-on",
      "never",
      "--format",
      "ndjson",
      "--jobs",
      jobs,
      "--history",
      store,
    ],
    { timeout: 120_000 },
  );

describe("tenet check --history with worker threads", () => {
  it(
    "records the same runs as one thread: what the workers capture reaches the store whole",
    { timeout: 300_000 },
    () => {
      const runs = (jobs: string) => {
        const store = join(dir, `store-jobs-${jobs}`);
        const out = [0, 1].map((day) => check(day, store, jobs));
        const listed = tenet(["history", "runs", "--history", store, "--format", "json"]);
        return {
          out: out.map((r) => ({ ...r, stderr: r.stderr.replaceAll(store, "STORE") })),
          runs: JSON.parse(listed.stdout) as { rows: { rowHash: string }[] },
        };
      };
      const one = runs("1");
      const two = runs("2");
      expect(two.out[1]!.stderr).toBe(one.out[1]!.stderr);
      expect(two.out[1]!.stderr).toMatch(
        /^history: run 2 recorded in STORE: 1140 devices, [1-9]\d* changed, 0 gone, 114 new snapshots\n$/,
      );
      for (const day of [0, 1]) expect(two.out[day]!.stdout).toBe(one.out[day]!.stdout);
      expect(two.runs.rows.map((r) => r.rowHash)).toEqual(one.runs.rows.map((r) => r.rowHash));
      expect(two.runs.rows).toHaveLength(2);
    },
  );

  it("exits 2, without waiting on its workers, when the store cannot be opened", { timeout: 300_000 }, () => {
    const notStore = join(dir, "not-a-store");
    mkdirSync(notStore);
    writeFileSync(join(notStore, "notes.txt"), "x");
    const r = check(0, notStore, "2");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CP5108");
    expect(r.stdout).toBe("");
  });
});
