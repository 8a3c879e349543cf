import { placeholderText } from "@tenet/parser";
import { lookupPath, MISSING } from "../values/fact-lookup.js";

const PLACEHOLDER = /\{([\p{L}_][\p{L}\p{N}_-]*(?:\.[\p{L}\p{N}_-]+)*)\}/gu;

/** A remediation template split once: literal text, or the segments of a fact path under the root. */
export type RemediationParts = readonly (string | readonly string[])[];

/**
 * Splits a remediation template at its `{device.path}` placeholders. Placeholders of another
 * root, and braces the policy wrote as `\{` `\}` (offsets in `literalBraces`), stay text.
 */
export function remediationParts(
  template: string,
  rootName: string,
  literalBraces?: readonly number[],
): RemediationParts {
  const parts: (string | readonly string[])[] = [];
  let last = 0;
  for (const match of placeholderText(template, literalBraces).matchAll(PLACEHOLDER)) {
    const segments = match[1]!.split(".");
    if (segments[0] !== rootName) continue;
    parts.push(template.slice(last, match.index), segments.slice(1));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

/** Fills split template parts from the snapshot; a missing fact renders as `<missing>`. */
export function fillRemediation(parts: RemediationParts, root: unknown): string {
  let out = "";
  for (const part of parts) out += typeof part === "string" ? part : factText(lookupPath(root, part));
  return out;
}

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
  return fillRemediation(remediationParts(template, rootName, literalBraces), root);
}

function factText(v: unknown): string {
  if (v === MISSING) return "<missing>";
  if (typeof v === "string") return v.length > 256 ? `${v.slice(0, 256)}…` : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  // Never serialise snapshot objects: they may be arbitrarily deep.
  return Array.isArray(v) ? `<list of ${v.length} items>` : "<object>";
}
