// The packages as a user gets them: the BUILT files, reached by package name through each
// package.json `exports` (not the source aliases the other tests use), as Cedar's
// public_interface test does. exports.txt is the API report: a change to any package's
// public list shows up there in review.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const ENTRIES = [
  "@tenet/parser",
  "@tenet/evaluator",
  "@tenet/evaluator/testing",
  "@tenet/intune",
  "@tenet/testing",
  "@tenet/graph",
  "@tenet/graph/emulator",
  "@tenet/cli",
];

/** Runs an ES module script from the repository root, where `@tenet/*` resolve to the workspace packages. */
function node(script: string): string {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("the built packages through their exports", () => {
  it("list what each entry point exports (exports.txt)", async () => {
    const lists = JSON.parse(
      node(
        `const out = {}; for (const e of ${JSON.stringify(ENTRIES)}) out[e] = Object.keys(await ` +
          `import(e)).sort(); process.stdout.write(JSON.stringify(out));`,
      ),
    ) as Record<string, string[]>;
    const report = ENTRIES.map((e) => `${e} (${lists[e]!.length})\n${lists[e]!.map((n) => `  ${n}\n`).join("")}`).join(
      "\n",
    );
    await expect(report).toMatchFileSnapshot("exports.txt");
  });

  it("point every export condition at a built file", () => {
    for (const pkg of ["parser", "evaluator", "intune", "testing", "graph", "history", "cli"]) {
      const manifest = JSON.parse(readFileSync(`${ROOT}packages/${pkg}/package.json`, "utf8")) as {
        exports: Record<string, Record<string, string>>;
      };
      for (const [subpath, conditions] of Object.entries(manifest.exports)) {
        for (const file of Object.values(conditions))
          expect(existsSync(`${ROOT}packages/${pkg}/${file}`), `${pkg} ${subpath} ${file}`).toBe(true);
      }
    }
  });

  it("refuse deep imports into a package's files", () => {
    const out = node(
      `try { await import("@tenet/evaluator/dist/evaluate/prepare.js"); ` +
        `process.stdout.write("imported"); } catch (e) { process.stdout.write(e.code); }`,
    );
    expect(out).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("carry an evaluation from text to an Intune summary", () => {
    const out = node(`
      import { loadPolicySources, parseInstant } from "@tenet/parser";
      import { compile, ENGINE_VERSION, prepare } from "@tenet/evaluator";
      import { referenceEvaluate } from "@tenet/evaluator/testing";
      import { intuneComplianceSummary } from "@tenet/intune";
      const text = 'compliance p {\\n  platform windows\\n  rule os { require device.osVersion >= "10.0.19045" }\\n}';
      const loaded = loadPolicySources([{ path: "p.tenet", text }]);
      const now = parseInstant("2026-11-25T12:00:00Z").value;
      const device = { id: "d1", operatingSystem: "Windows", osVersion: "10.0.19044", lastSyncDateTime: "2026-11-25T00:00:00Z" };
      const result = prepare(compile(loaded.value), { now }).evaluate(device);
      const same = JSON.stringify(referenceEvaluate(loaded.value, device, { now })) === JSON.stringify(result);
      const intune = intuneComplianceSummary(result).deviceState;
      const bad = parseInstant("x").diagnostics[0].code;
      process.stdout.write(JSON.stringify({ state: result.state, engine: result.engineVersion === ENGINE_VERSION, same, intune, bad }));`);
    expect(JSON.parse(out)).toEqual({
      state: "noncompliant",
      engine: true,
      same: true,
      intune: "noncompliant",
      bad: "CP5007",
    });
  });
});
