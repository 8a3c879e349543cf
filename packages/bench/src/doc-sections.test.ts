import { describe, expect, it } from "vitest";
import { replaceSection } from "./doc-sections.js";

describe("replaceSection", () => {
  const doc = "# Benchmarks\n\n<!-- a:begin -->\nold a\n<!-- a:end -->\n\nA note written by hand.\n";

  it("rewrites only its own section and keeps the text around it", () => {
    expect(replaceSection(doc, "a", "new a\n")).toBe(
      "# Benchmarks\n\n<!-- a:begin -->\nnew a\n<!-- a:end -->\n\nA note written by hand.\n",
    );
  });

  it("appends a section the document does not have yet", () => {
    expect(replaceSection(doc, "b", "b")).toBe(`${doc.trimEnd()}\n\n<!-- b:begin -->\nb\n<!-- b:end -->\n`);
  });
});
