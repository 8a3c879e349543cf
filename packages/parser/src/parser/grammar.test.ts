import { expect, it } from "vitest";
import { TenetGrammar } from "./grammar.js";

// The shared parser skips chevrotain's grammar validations to start fast; the grammar must still pass them.
it("the grammar passes chevrotain's validations (no ambiguity, left recursion or duplicate rule)", () => {
  expect(() => new TenetGrammar(true)).not.toThrow();
});
