// Prettier wraps code at 120 columns but leaves long strings and comments alone; this keeps every
// line of the packages' code (not their tests, whose fixtures are data) short enough to read.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const MAX = 140;

describe("code style", () => {
  it(`no line of package code is longer than ${MAX} characters`, () => {
    const files = spawnSync("git", ["ls-files", "packages/*.ts", "packages/*.mjs"], { cwd: ROOT, encoding: "utf8" })
      .stdout.split("\n")
      .filter((f) => f !== "" && !f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((file) =>
      readFileSync(`${ROOT}${file}`, "utf8")
        .split("\n")
        .flatMap((line, i) => (line.length > MAX ? [`${file}:${i + 1} (${line.length})`] : [])),
    );
    expect(long, "split long strings with + or an array joined; wrap long comments").toEqual([]);
  });
});
