import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "@tenet/parser";

const SEED = 20261125;
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("jsonErrorOffset agrees with JSON.parse", () => {
  it("never flags valid JSON, and text it flags before the end never parses", () => {
    console.log(`json-syntax-error property seed ${SEED}`);
    // Valid documents, then the same documents with one character inserted, deleted or replaced.
    const doc = fc.json({ maxDepth: 4 });
    const mutated = fc
      .tuple(
        doc,
        fc.nat(),
        fc.constantFrom("", ",", "}", "]", "{", "[", '"', ":", "x", "1", "-", ".", "\\", " ", "\n", "e"),
        fc.boolean(),
      )
      .map(([text, at, c, replace]) => {
        const p = at % (text.length + 1);
        return text.slice(0, p) + c + text.slice(replace ? p + 1 : p);
      });
    fc.assert(
      fc.property(fc.oneof(doc, mutated), (text) => {
        const offset = jsonErrorOffset(text);
        if (parses(text)) expect(offset).toBe(text.length);
        else expect(offset).toBeLessThanOrEqual(text.length);
        if (offset < text.length) expect(parses(text)).toBe(false);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });
});
