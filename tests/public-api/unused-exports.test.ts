// No export that nothing imports: knip (knip.json) reads every package, the tests and the
// scripts, and lists exports and exported types of packages' src used nowhere outside their
// own file (test fixtures under test-support/ are not held to it). A package's public entry
// points are covered by exports.txt instead (built-packages.test.ts).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const knip = `${ROOT}node_modules/knip/bin/knip.js`;

describe("exports", () => {
  it("every export is imported somewhere (knip)", () => {
    const r = spawnSync(process.execPath, [knip, "--include", "exports,types", "--no-progress", "--no-config-hints"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
