import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandPaths, globRegExp } from "./expand-paths.js";

const root = mkdtempSync(join(tmpdir(), "tenet-paths-"));
for (const f of [
  "b.json",
  "a.ndjson",
  "notes.txt",
  "sub/c.yaml",
  "sub/deep/d.jsonl.gz",
  "sub/deep/e.yml",
  "sub/x1.json",
  "sub/x22.json",
]) {
  mkdirSync(join(root, f, ".."), { recursive: true });
  writeFileSync(join(root, f), "{}");
}
mkdirSync(join(root, "empty"));
const rel = (paths: string[]) => paths.map((p) => p.slice(root.length + 1));

describe("expandPaths", () => {
  it("walks a directory recursively in sorted order, keeping snapshot files only", () => {
    expect(rel(expandPaths([root]))).toEqual([
      "a.ndjson",
      "b.json",
      "sub/c.yaml",
      "sub/deep/d.jsonl.gz",
      "sub/deep/e.yml",
      "sub/x1.json",
      "sub/x22.json",
    ]);
  });

  it("matches `*` and `?` within one segment and `**` across directories", () => {
    expect(rel(expandPaths([`${root}/*.json`]))).toEqual(["b.json"]);
    expect(rel(expandPaths([`${root}/sub/x?.json`]))).toEqual(["sub/x1.json"]);
    expect(rel(expandPaths([`${root}/**/*.json`]))).toEqual(["b.json", "sub/x1.json", "sub/x22.json"]);
    expect(rel(expandPaths([`${root}/sub/**`]))).toEqual([
      "sub/c.yaml",
      "sub/deep/d.jsonl.gz",
      "sub/deep/e.yml",
      "sub/x1.json",
      "sub/x22.json",
    ]);
  });

  it("keeps argument order and passes `-` and plain files through", () => {
    expect(
      expandPaths(["-", `${root}/b.json`, `${root}/*.ndjson`]).map((p) => (p === "-" ? p : p.slice(root.length + 1))),
    ).toEqual(["-", "b.json", "a.ndjson"]);
  });

  it("passes a glob that matches nothing and a directory without snapshots on as-is, so they are reported", () => {
    expect(expandPaths([`${root}/*.csv`, join(root, "empty"), `${root}/nowhere/*.json`])).toEqual([
      `${root}/*.csv`,
      join(root, "empty"),
      `${root}/nowhere/*.json`,
    ]);
  });
});

describe("globRegExp", () => {
  const matches = (pattern: string, path: string) => globRegExp(pattern.split("/")).test(path);

  it("treats regex characters in names literally", () => {
    expect(matches("fleet.(1)+.json", "fleet.(1)+.json")).toBe(true);
    expect(matches("fleet.json", "fleetXjson")).toBe(false);
  });

  it("never lets `*` or `?` cross a slash", () => {
    expect(matches("*.json", "a/b.json")).toBe(false);
    expect(matches("a?b", "a/b")).toBe(false);
    expect(matches("**/*.json", "a.json")).toBe(true);
    expect(matches("a/**/b.json", "a/b.json")).toBe(true);
    expect(matches("a/**/b.json", "a/x/y/b.json")).toBe(true);
    expect(matches("a/**/b.json", "ab.json")).toBe(false);
  });
});
