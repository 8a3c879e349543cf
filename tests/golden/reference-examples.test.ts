/** Every ```tenet example in the language reference and the README parses and checks without errors. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";

const docs = ["../../grammar/reference.md", "../../README.md"];

describe.each(docs)("examples in %s", (doc) => {
  const text = readFileSync(new URL(doc, import.meta.url), "utf8");
  const blocks = [...text.matchAll(/```tenet\n([\s\S]*?)```/g)].map((m) => m[1]!);
  it("has examples", () => expect(blocks.length).toBeGreaterThan(0));
  it.each(blocks.map((b, i) => [i + 1, b] as const))("example %i", (_, block) => {
    const r = loadPolicySources([{ path: `${doc}.tenet`, text: block }]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
