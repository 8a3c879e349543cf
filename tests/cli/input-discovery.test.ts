/** A run over nothing must not look like a clean fleet: globs and directories that match no snapshot are input errors. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, ROOT, tenet } from "./run-cli.js";

const base = ["check", "-p", "policies", "--now", NOW, "--format", "csv"];

describe("tenet check input discovery", () => {
  it("reports a glob that matches nothing and a directory without snapshots, and exits 2 instead of 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-none-"));
    mkdirSync(join(dir, "empty"));
    const r = tenet([...base, `${dir}/*.ndjson`, join(dir, "empty")]);
    expect(r.code).toBe(2);
    const rows = r.stdout.trim().split("\r\n");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(`CP5001: no such file or directory: \`${dir}/*.ndjson\``);
    expect(rows[2]).toContain("holds no snapshot files");
  });

  it("reads every snapshot below a directory with a trailing `**`", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-deep-"));
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    const lines = readFileSync(join(ROOT, "examples/fleet/devices.ndjson"), "utf8").trim().split("\n");
    writeFileSync(join(dir, "a", "b", "x.ndjson"), lines.slice(0, 3).join("\n"));
    writeFileSync(join(dir, "a", "y.ndjson"), lines.slice(3, 5).join("\n"));
    writeFileSync(join(dir, "a", "README.md"), "not a snapshot");
    const r = tenet([...base, `${dir}/**`, "--fail-on", "never"]);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split("\r\n")
        .slice(1)
        .map((row) => row.split(",")[0]!.slice(dir.length + 1)),
    ).toEqual(["a/b/x.ndjson", "a/b/x.ndjson", "a/b/x.ndjson", "a/y.ndjson", "a/y.ndjson"]);
  });

  it("reads a one-line Graph list piped on standard input as the list it is", () => {
    const graph = JSON.stringify(JSON.parse(readFileSync(join(ROOT, "examples/fleet/devices.json"), "utf8")));
    const piped = tenet([...base, "-", "--format", "ndjson"], { input: graph });
    const fromFile = tenet([...base, "examples/fleet/devices.json", "--format", "ndjson"]);
    const states = (out: string) =>
      out
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { result?: { deviceName: string; state: string } }).result)
        .map((x) => `${x?.deviceName}:${x?.state}`);
    expect(states(piped.stdout)).toEqual(states(fromFile.stdout));
    expect(states(piped.stdout).length).toBeGreaterThan(30);
  });

  it("names line and column of a JSON syntax error, and the source `-` in CSV stays `-`", () => {
    const r = tenet([...base, "-"], { input: '{"id":"a","operatingSystem":"Linux"}\n{"id": }\n' });
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split("\r\n")[2]).toBe(
      "-,2,,,,inputError,,,,CP5004: invalid JSON: unexpected `}` at column 8",
    );
  });
});
