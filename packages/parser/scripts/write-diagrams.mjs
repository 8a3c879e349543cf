// Regenerates grammar/diagrams.html from the built parser (run after `pnpm build`).
import { writeFileSync } from "node:fs";
import { grammarDiagramsHtml } from "../dist/index.js";

const target = new URL("../../../grammar/diagrams.html", import.meta.url);
writeFileSync(target, grammarDiagramsHtml());
console.log(`wrote ${target.pathname}`);
