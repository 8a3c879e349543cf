// The repository's own code is formatted by Prettier (.prettierrc.json, 120 columns); data and
// golden files are left alone (.prettierignore). `pnpm format` fixes what this test finds.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

describe("code style", () => {
  it("every TypeScript and script file is as Prettier writes it", () => {
    const prettier = `${ROOT}node_modules/prettier/bin/prettier.cjs`;
    const r = spawnSync(process.execPath, [prettier, "--list-different", "**/*.{ts,mts,mjs,js}"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stdout, "run `pnpm format`").toBe("");
    expect(r.status).toBe(0);
    // Prettier reads every file of the repository: about 10 s on an idle 2-core machine, several times that under load.
  }, 240_000);
});
