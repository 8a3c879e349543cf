/** Fleet-scale behaviour: bounded memory, order kept with worker threads, output before input ends. Speed is in the benchmarks, not here. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFleet } from "../../packages/bench/src/fleet.js";
import { NOW, ROOT, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-fleet-"));
const small = join(dir, "fleet-10k.ndjson");
const large = join(dir, "fleet-300k.ndjson");

beforeAll(async () => {
  await writeFleet(small, 10_000, 7);
  await writeFleet(large, 300_000, 7);
}, 120_000);

const peakMb = (stderr: string) => Number(/peak RSS (\d+) MB/.exec(stderr)?.[1]);
const ids = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe("fleet scale", () => {
  it("keeps memory bounded: 300,000 devices stay under 300 MB like 10,000 do", () => {
    const a = tenet(["check", "-p", "policies", small, "--now", NOW, "--format", "csv", "--jobs", "1", "--stats"]);
    const b = tenet(["check", "-p", "policies", large, "--now", NOW, "--format", "csv", "--jobs", "1", "--stats"]);
    expect(a.stdout.trim().split("\r\n")).toHaveLength(10_001);
    expect(b.stdout.trim().split("\r\n")).toHaveLength(300_001);
    expect(peakMb(a.stderr)).toBeLessThan(300);
    expect(peakMb(b.stderr)).toBeLessThan(300);
    const parallel = tenet([
      "check",
      "-p",
      "policies",
      large,
      "--now",
      NOW,
      "--format",
      "csv",
      "--jobs",
      "2",
      "--stats",
      "-o",
      join(dir, "large.csv"),
    ]);
    // Two threads each hold the policies, the nullable device schema and a batch queue: measured 278-300 MB at
    // 300,000 devices and 285 MB at 600,000 (flat), so the bound is 350 MB, not the one-thread 300 MB.
    expect(peakMb(parallel.stderr)).toBeLessThan(350);
  }, 240_000);

  it("gives the same output in the same order with two worker threads", () => {
    const [one, two] = [join(dir, "one.ndjson"), join(dir, "two.ndjson")];
    tenet(["check", "-p", "policies", small, "--now", NOW, "--format", "ndjson", "--jobs", "1", "-o", one]);
    tenet(["check", "-p", "policies", small, "--now", NOW, "--format", "ndjson", "--jobs", "2", "-o", two]);
    const digest = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    expect(digest(two)).toBe(digest(one));
    const order = readFileSync(two, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { result?: { deviceId: string } }).result?.deviceId);
    expect(order).toEqual(ids(small));
  }, 120_000);

  it("starts writing results before the input ends", async () => {
    const lines = readFileSync(small, "utf8").split("\n").slice(0, 600);
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "packages/cli/dist/bin/tenet.js"),
        "check",
        "-p",
        "policies",
        "-",
        "--now",
        NOW,
        "--format",
        "ndjson",
        "--jobs",
        "1",
      ],
      { cwd: ROOT },
    );
    child.stdin.write(`${lines.slice(0, 300).join("\n")}\n`);
    const first = await new Promise<string>((resolve) =>
      child.stdout.once("data", (d: Buffer) => resolve(d.toString())),
    );
    expect(first.length).toBeGreaterThan(0); // output arrived while stdin is still open
    child.stdin.end(`${lines.slice(300).join("\n")}\n`);
    const rest: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => rest.push(d));
    await new Promise((resolve) => child.on("close", resolve));
    expect((first + Buffer.concat(rest).toString()).trim().split("\n")).toHaveLength(600);
  }, 60_000);
});
