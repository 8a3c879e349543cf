/**
 * Worker threads render or digest records themselves, and the main thread evaluates batches
 * while the workers are busy: every format must come out byte for byte as it does in-process.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceGenerator } from "../../packages/bench/src/fleet.js";
import { NOW, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-par-"));
const fleet = join(dir, "fleet.ndjson");

beforeAll(() => {
  // 1,404 records: the first 512 are evaluated in-process, the rest in batches of 256 that go
  // to the worker or, while it has two queued (it is still starting), stay on the main thread;
  // broken records come first, in the middle and last.
  const device = deviceGenerator(11);
  const lines = Array.from({ length: 1400 }, (_, i) => JSON.stringify(device(i)));
  lines.splice(400, 0, "{broken", '"not an object"');
  writeFileSync(fleet, ["[1, 2]", ...lines, '{"osVersion": 7}'].join("\n"));
});

const run = (format: string, jobs: number) =>
  tenet([
    "check",
    "-p",
    "policies",
    fleet,
    "--now",
    NOW,
    "--format",
    format,
    "--jobs",
    String(jobs),
    "--fail-on",
    "never",
  ]);

describe("--jobs 2 gives the same bytes as --jobs 1", () => {
  // Rendered on the workers (ndjson, csv, intune) or digested there (junit, table, html).
  it.each(["ndjson", "csv", "intune", "junit", "table", "html"])("%s", (format) => {
    const one = run(format, 1);
    const two = run(format, 2);
    expect(one.code).toBe(2); // input errors
    expect(two.code).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.length).toBeGreaterThan(0);
  });

  it("with three threads as well", () => {
    expect(run("csv", 3).stdout).toBe(run("csv", 1).stdout);
  });

  it("json, and it stays one valid array whose first element is the broken first record", () => {
    const two = run("json", 2).stdout;
    expect(two).toBe(run("json", 1).stdout);
    const out = JSON.parse(two) as { input: { index: number; line: number }; error?: { code: string } }[];
    expect(out).toHaveLength(1404);
    expect(out.map((o) => o.input.index)).toEqual(Array.from({ length: 1404 }, (_, i) => i));
    expect(out[0]?.error?.code).toBe("CP4004");
    expect(out.filter((o) => o.error !== undefined).map((o) => [o.error!.code, o.input.line])).toEqual([
      ["CP4004", 1],
      ["CP5004", 402],
      ["CP4004", 403],
      ["CP4003", 1404],
    ]);
    expect(readFileSync(fleet, "utf8").split("\n")).toHaveLength(1404);
  });
});
