import { placeholderText } from "@tenet/parser";
import { lookupPath, MISSING } from "../values/fact-lookup.js";

const PLACEHOLDER = /\{([\p{L}_][\p{L}\p{N}_-]*(?:\.[\p{L}\p{N}_-]+)*)\}/gu;

/**
 * Fills `{device.path}` placeholders of a remediation template from the snapshot; a
 * missing fact renders as `<missing>`. Placeholders of another root, and braces the policy
 * wrote as `\{` `\}` (offsets in `literalBraces`), are left as written.
 */
export function renderRemediation(
  template: string,
  rootName: string,
  root: unknown,
  literalBraces?: readonly number[],
): string {
  let out = "";
  let last = 0;
  for (const match of placeholderText(template, literalBraces).matchAll(PLACEHOLDER)) {
    const segments = match[1]!.split(".");
    if (segments[0] !== rootName) continue;
    out += template.slice(last, match.index) + factText(lookupPath(root, segments.slice(1)));
    last = match.index + match[0].length;
  }
  return out + template.slice(last);
}

function factText(v: unknown): string {
  if (v === MISSING) return "<missing>";
  if (typeof v === "string") return v.length > 256 ? `${v.slice(0, 256)}…` : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  // Never serialise snapshot objects: they may be arbitrarily deep.
  return Array.isArray(v) ? `<list of ${v.length} items>` : "<object>";
}
