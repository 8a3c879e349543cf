/**
 * Worker threads render or digest records themselves, and the main thread evaluates records
 * while the workers are busy or still starting: every format must come out byte for byte as it
 * does in-process.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceGenerator } from "../../packages/bench/src/fleet.js";
import { NOW, tenet } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-par-"));
const fleet = join(dir, "fleet.ndjson");
let text = "";

beforeAll(() => {
  // 1,404 records read from standard input: the first 512 are evaluated in-process, the next 256
  // go to the first worker whatever the timing (broken records among them), the rest to the
  // worker or the main thread as each is free; broken records come first, there and last.
  const device = deviceGenerator(11);
  const lines = Array.from({ length: 1400 }, (_, i) => JSON.stringify(device(i)));
  lines.splice(600, 0, "{broken", '"not an object"');
  text = ['"first"', ...lines, '{"osVersion": 7}'].join("\n");
  writeFileSync(fleet, text);
});

const run = (format: string, jobs: number, input = "-") =>
  tenet(
    ["check", "-p", "policies", input, "--now", NOW, "--format", format, "--jobs", String(jobs), "--fail-on", "never"],
    input === "-" ? { input: text } : {},
  );

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

  it("html with --only failing: every device still reaches the report's counts on either thread", () => {
    const only = (jobs: number) =>
      tenet(
        ["check", "-p", "policies", "-", "--now", NOW, "--format", "html", "--only", "failing", "--jobs", String(jobs)],
        { input: text },
      ).stdout;
    const one = only(1);
    expect(only(2)).toBe(one);
    const attention = /; ([\d,]+) need attention/.exec(one)?.[1];
    expect(Number(attention?.replace(/,/g, ""))).toBeGreaterThan(100);
  });

  it("with three threads as well", () => {
    expect(run("csv", 3).stdout).toBe(run("csv", 1).stdout);
  });

  it("from a file, where workers start at once and take what share they can", () => {
    const one = run("csv", 1, fleet);
    expect(one.stdout.length).toBeGreaterThan(0);
    expect(run("csv", 2, fleet).stdout).toBe(one.stdout);
  });

  it("from a file, with workers started before the options were read: taken, or left to end with the run", () => {
    // `check` starts its workers as it begins when its arguments name an NDJSON file of 512 KiB or more.
    expect(readFileSync(fleet).length).toBeGreaterThan(1 << 19);
    expect(run("ndjson", 2, fleet).stdout).toBe(run("ndjson", 1, fleet).stdout);
    // A run that stops before evaluating (a policy error, exit 3) must not wait for workers it never took.
    const broken = join(dir, "broken.tenet");
    writeFileSync(broken, "policy {");
    const failed = tenet(["check", "-p", broken, fleet, "--now", NOW, "--jobs", "2"], { timeout: 20_000 });
    expect(failed.code).toBe(3);
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
      ["CP5004", 602],
      ["CP4004", 603],
      ["CP4003", 1404],
    ]);
    expect(readFileSync(fleet, "utf8").split("\n")).toHaveLength(1404);
  });
});
