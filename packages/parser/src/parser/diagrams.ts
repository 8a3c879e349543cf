import { createSyntaxDiagramsCode } from "chevrotain";
import { grammar } from "./grammar.js";

/**
 * Railroad diagrams of the grammar as a standalone HTML page, generated from the parser
 * itself so they cannot drift from what Tenet accepts (a test compares them with
 * `grammar/diagrams.html`; regenerate with `pnpm grammar:diagrams`).
 */
export function grammarDiagramsHtml(): string {
  return createSyntaxDiagramsCode(grammar().getSerializedGastProductions());
}
