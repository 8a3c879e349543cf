import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { Spool } from "./spool.js";

const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith("tenet-spool-")).length;

describe("Spool", () => {
  it("keeps a small output in memory", async () => {
    const before = spools();
    const spool = new Spool();
    spool.append("a");
    spool.append("b");
    expect(spools()).toBe(before);
    const chunks: string[] = [];
    await spool.drainTo(async (c) => void chunks.push(c.toString()));
    expect(chunks.join("")).toBe("ab");
  });

  it("moves a large output to a temporary file, gives it back in order and removes the file", async () => {
    const before = spools();
    const spool = new Spool();
    const line = `${"x".repeat(999)}\n`;
    for (let i = 0; i < 3000; i++) spool.append(line.replace("x", String(i % 10)));
    expect(spools()).toBe(before + 1);
    const chunks: Buffer[] = [];
    await spool.drainTo(async (c) => void chunks.push(Buffer.from(c)));
    const text = Buffer.concat(chunks).toString();
    expect(text.length).toBe(3000 * 1000);
    expect(
      text
        .split("\n")
        .slice(0, 12)
        .map((l) => l[0]),
    ).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1"]);
    expect(spools()).toBe(before);
  });

  it("text() returns everything and cleans up too", () => {
    const before = spools();
    const spool = new Spool();
    for (let i = 0; i < 2000; i++) spool.append(`${i}`.padEnd(1000, ".") + "\n");
    expect(spool.text().split("\n")[1999]!.startsWith("1999")).toBe(true);
    expect(spools()).toBe(before);
  });
});
