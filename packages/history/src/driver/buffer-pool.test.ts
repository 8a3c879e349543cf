import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HistoryStore } from "../store/history-store.js";
import { bufferPoolMb } from "./buffer-pool.js";

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
    expect(bufferPoolMb(dataDir("small", { "1": [7], "4": [7], "5": [3, 4] }))).toBe(16);
    // The largest database counts, not the templates beside it; a part of a MB is a whole one.
    expect(bufferPoolMb(dataDir("mid", { "1": [7], "4": [7], "5": [20, 12.5] }))).toBe(33);
    expect(bufferPoolMb(dataDir("large", { "1": [7], "5": [200, 100] }))).toBe(128);
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
});
