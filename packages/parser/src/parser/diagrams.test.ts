import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { grammarDiagramsHtml } from "./diagrams.js";

it("grammar/diagrams.html matches the parser's grammar (regenerate with `pnpm grammar:diagrams`)", () => {
  const committed = readFileSync(new URL("../../../../grammar/diagrams.html", import.meta.url), "utf8");
  expect(committed === grammarDiagramsHtml(), "grammar/diagrams.html is stale: run `pnpm grammar:diagrams`").toBe(true);
});
