/**
 * The `tenet` bin (packages/cli/bin/tenet.js) exists before the build, so `pnpm install` links
 * it on a fresh clone without "Failed to create bin"; it runs the built CLI, and before a build
 * it says so with CP5230 in the catalog's own words.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptySpan, makeDiagnostic, renderDiagnostics } from "@tenet/parser";
import { ROOT } from "./run-cli.js";

const BIN = join(ROOT, "packages/cli/bin/tenet.js");

describe("the tenet bin", () => {
  it("is what the package declares and what the install links", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "packages/cli/package.json"), "utf8")) as {
      bin: Record<string, string>;
      files: string[];
    };
    expect(manifest.bin).toEqual({ tenet: "./bin/tenet.js" });
    expect(manifest.files).toContain("bin");
    expect(realpathSync(join(ROOT, "node_modules/.bin/tenet"))).not.toBe("");
  });

  it("runs the built CLI with its arguments and exit code", () => {
    const r = spawnSync(process.execPath, [BIN, "fmt", "--check", "examples/quick-start"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(spawnSync(process.execPath, [BIN, "check", "--bogus"], { cwd: ROOT, encoding: "utf8" }).status).toBe(2);
  });

  it("before a build, says CP5230 as the catalog words it and exits 2", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "tenet-bin-")), "bin");
    mkdirSync(copy);
    copyFileSync(BIN, join(copy, "tenet.js"));
    const r = spawnSync(process.execPath, [join(copy, "tenet.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(renderDiagnostics([makeDiagnostic("CP5230", emptySpan(""))], () => undefined));
  });
});
