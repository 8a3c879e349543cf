/** Test files load YAML with the JSON-compatible schema: an unquoted timestamp stays a string. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tenet } from "../cli/run-cli.js";

describe("YAML test fixtures", () => {
  it("read `now: 2026-11-25T12:00:00Z` and unquoted fixture timestamps as strings", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-fixtures-"));
    copyFileSync(join(ROOT, "examples/tests/laptops.tenet"), join(dir, "laptops.tenet"));
    const text = readFileSync(join(ROOT, "examples/tests/laptops.test.yaml"), "utf8").replace(
      /"(\d{4}-\d\d-\d\dT[\d:]+Z)"/g,
      "$1",
    );
    expect(text).toContain("now: 2026-11-25T12:00:00Z");
    writeFileSync(join(dir, "laptops.test.yaml"), text);
    const r = tenet(["test", dir]);
    expect(r.stdout).not.toContain("invalid test file");
    expect(r.code).toBe(0);
  });
});
