import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenize } from "../lexer/tokenize.js";
import { grammar } from "./grammar.js";
import { convertFile, parseInGroups } from "./parse-groups.js";
import { parse } from "./parse.js";

const root = new URL("../../../../", import.meta.url).pathname;
const tenetFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? tenetFiles(path) : name.endsWith(".tenet") ? [path] : [];
    });
// Every shipped policy, waiver, property, let and import in one file: far more than one group of tokens.
const library = [...tenetFiles(join(root, "policies")), ...tenetFiles(join(root, "examples"))]
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");

/** The whole file through the parser in one run: what `parse` does for small or broken files. */
function parseWhole(text: string) {
  const parser = grammar();
  parser.input = tokenize(text, "lib.tenet").value.tokens;
  const cst = parser.file();
  expect(parser.errors).toEqual([]);
  return convertFile(cst, "lib.tenet");
}

describe("parsing a large file a group of declarations at a time", () => {
  it("gives the same declarations, spans and diagnostics as one run over the whole file", () => {
    const tokens = tokenize(library, "lib.tenet").value.tokens;
    expect(tokens.length).toBeGreaterThan(2 * 1024); // at least two groups
    const grouped = parseInGroups(tokens, "lib.tenet");
    expect(grouped).toBeDefined();
    const whole = parseWhole(library);
    expect(grouped!.declarations.length).toBeGreaterThan(40);
    expect(grouped!.declarations).toEqual(whole.declarations);
    expect(grouped!.diagnostics).toEqual(whole.diagnostics);
  });

  it("leaves a file with a syntax error to the whole-file run, so recovery and messages do not depend on the cut", () => {
    const broken = `${library}\ncompliance late "Late" { rule r "R" { require device.isEncrypted == } }\n`;
    expect(parseInGroups(tokenize(broken, "lib.tenet").value.tokens, "lib.tenet")).toBeUndefined();
    const result = parse(broken, "lib.tenet");
    expect(result.diagnostics.filter((d) => d.code === "CP1010")).toHaveLength(1);
    expect(result.value.declarations.length).toBeGreaterThan(40);
  });

  it("does not cut at a keyword used as a path segment", () => {
    const lets = Array.from(
      { length: 400 },
      (_, i) => `let l${i} = device.access == "v${i}" or device.compliance == "w"`,
    ).join("\n");
    const text = `${lets}\nlet tricky = device.access\nlet after = device.isEncrypted == true\n`;
    const grouped = parseInGroups(tokenize(text, "lib.tenet").value.tokens, "lib.tenet");
    expect(grouped?.declarations.map((d) => ("name" in d ? d.name.name : undefined)).slice(-2)).toEqual([
      "tricky",
      "after",
    ]);
    expect(grouped!.declarations).toEqual(parseWhole(text).declarations);
  });
});
