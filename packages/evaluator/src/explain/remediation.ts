import { lookupPath, MISSING } from "../values/fact-lookup.js";

const PLACEHOLDER = /\{([\p{L}_][\p{L}\p{N}_-]*(?:\.[\p{L}\p{N}_-]+)*)\}/gu;

/**
 * Fills `{device.path}` placeholders of a remediation template from the snapshot; a
 * missing fact renders as `<missing>`. Placeholders of another root are left as written.
 */
export function renderRemediation(template: string, rootName: string, root: unknown): string {
  return template.replace(PLACEHOLDER, (whole, path: string) => {
    const segments = path.split(".");
    if (segments[0] !== rootName) return whole;
    const v = lookupPath(root, segments.slice(1));
    if (v === MISSING) return "<missing>";
    if (typeof v === "string") return v.length > 256 ? `${v.slice(0, 256)}…` : v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    // Never serialise snapshot objects: they may be arbitrarily deep.
    return Array.isArray(v) ? `<list of ${v.length} items>` : "<object>";
  });
}
