/**
 * Golden diagnostics: each folder holds one or more `.tenet` files and `expected.txt`, the
 * rendered diagnostics (refresh with `vitest -u` and review the diff). Folders named
 * `CPxxxx_error_*` must produce that code; `valid-*` folders must produce nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOG, loadPolicySources, renderDiagnostics } from "@tenet/parser";

const here = fileURLToPath(new URL(".", import.meta.url));
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const NOW = Date.parse("2026-11-25T12:00:00Z");

function run(name: string) {
  const files = readdirSync(join(here, name))
    .filter((f) => f.endsWith(".tenet"))
    .sort();
  const sources = files.map((f) => ({ path: f, text: readFileSync(join(here, name, f), "latin1") }));
  const result = loadPolicySources(sources, { now: NOW });
  return { result, text: renderDiagnostics(result.diagnostics, (file) => sources.find((s) => s.path === file)?.text) };
}

describe("golden diagnostics", () => {
  it.each(cases)("%s", async (name) => {
    const { result, text } = run(name);
    const codes = result.diagnostics.map((d) => d.code);
    if (name.startsWith("valid-")) expect(codes).toEqual([]);
    else expect(codes).toContain(name.slice(0, 6));
    await expect(text === "" ? "(no diagnostics)\n" : text).toMatchFileSnapshot(join(here, name, "expected.txt"));
  });

  it("covers every syntax, name and type code of the catalog", () => {
    // CP2029 concerns facts schemas, not policy files (tested with the schema loader). CP1018 (a
    // file over 4 MB) and CP1019 (over 200 problems in one file) need inputs too large for a golden
    // folder: tests/reliability/hostile-policies.test.ts covers them.
    const exempt = (code: string) => ["CP2029", "CP1018", "CP1019"].includes(code);
    const wanted = Object.keys(CATALOG).filter((c) => /^CP[12]/.test(c) && !exempt(c));
    const covered = new Set(cases.filter((c) => /^CP\d{4}_error_/.test(c)).map((c) => c.slice(0, 6)));
    expect(wanted.filter((c) => !covered.has(c))).toEqual([]);
  });
});
