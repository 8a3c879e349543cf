import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HistoryStore } from "../store/history-store.js";
import { bufferPoolMb, DAILY_RUN_POOL_MB } from "./buffer-pool.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-buffer-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data directory whose databases' files have these sizes in MB (sparse files: nothing is written). */
function dataDir(name: string, databases: Record<string, number[]>): string {
  const root = join(dir, name);
  for (const [db, files] of Object.entries(databases)) {
    mkdirSync(join(root, "base", db), { recursive: true });
    files.forEach((mb, i) => {
      const file = join(root, "base", db, String(16384 + i));
      writeFileSync(file, "");
      truncateSync(file, mb * (1 << 20));
    });
  }
  return root;
}

describe("the embedded store's buffer pool", () => {
  it("is as large as the store's database, between 16 and 128 MB", () => {
    expect(bufferPoolMb(join(dir, "absent"))).toBe(16);
    const small = dataDir("small", { "1": [7], "4": [7], "5": [3, 4] });
    expect(bufferPoolMb(small)).toBe(16);
    // The largest database counts, not the templates beside it; a part of a MB is a whole one.
    expect(bufferPoolMb(dataDir("mid", { "1": [7], "4": [7], "5": [20, 12.5] }))).toBe(33);
    const large = dataDir("large", { "1": [7], "5": [200, 100] });
    expect(bufferPoolMb(large)).toBe(128);
    // With a lower most (a daily run's), a large store gets that and a small one its own size still.
    expect(bufferPoolMb(large, 32)).toBe(32);
    expect(bufferPoolMb(small, 32)).toBe(16);
  });

  it("is what a store opens with", async () => {
    const location = join(dir, "store");
    const store = await HistoryStore.open(location, { tool: "test" });
    try {
      const [row] = await store.driver.query<{ shared_buffers: string }>("SHOW shared_buffers");
      expect(row!.shared_buffers).toBe(`${bufferPoolMb(location)}MB`);
      expect(row!.shared_buffers).not.toBe("128MB");
    } finally {
      await store.close();
    }
  });

  it("is at most a daily run's for a store opened for one, and the store's size for a query", async () => {
    const location = join(dir, "daily");
    await (await HistoryStore.open(location, { tool: "test" })).close();
    // A store of 200 MB as far as its files' sizes go: a sparse file in its database's directory.
    const databases = readdirSync(join(location, "base")).sort((a, b) => Number(b) - Number(a));
    const padding = join(location, "base", databases[0]!, "padding");
    writeFileSync(padding, "");
    truncateSync(padding, 200 * (1 << 20));
    const pool = async (dailyRun: boolean) => {
      const store = await HistoryStore.open(location, { tool: "test", dailyRun });
      try {
        return (await store.driver.query<{ shared_buffers: string }>("SHOW shared_buffers"))[0]!.shared_buffers;
      } finally {
        await store.close();
      }
    };
    expect(await pool(true)).toBe(`${DAILY_RUN_POOL_MB}MB`);
    expect(await pool(false)).toBe("128MB");
  });
});
