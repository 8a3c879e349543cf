import { readGraphObjects } from "@tenet/intune";

const POLICY_TYPE = /^#microsoft\.graph\.(\w*CompliancePolicy|conditionalAccessPolicy)$/;

/**
 * Names what a file given to `-p` holds when it is a Microsoft Graph policy export (a policy
 * object, or a Graph list `{ "value": [...] }` of them, in any encoding the importer reads),
 * e.g. "2 windows10CompliancePolicy objects"; undefined for anything else (Tenet source).
 */
export function graphExportKind(bytes: Uint8Array): string | undefined {
  // Tenet source never starts with `{` (after a BOM); JSON objects do. UTF-16 starts with a BOM.
  const head = bytes[0] === 0xef ? bytes[3] : bytes[0] === 0xff || bytes[0] === 0xfe ? 0x7b : bytes[0];
  if (
    head !== 0x7b &&
    !/^\s*\{/.test(
      Buffer.from(bytes.subarray(0, 64))
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    )
  )
    return undefined;
  const { objects } = readGraphObjects(bytes, "-p");
  const types = objects.map(policyType).filter((t): t is string => t !== undefined);
  if (types.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} ${t} object${n === 1 ? "" : "s"}`).join(", ");
}

/** A Graph list of Conditional Access policies carries no `@odata.type` per element: its shape says what it is. */
function policyType(o: Record<string, unknown>): string | undefined {
  const type = o["@odata.type"];
  if (typeof type === "string") return POLICY_TYPE.test(type) ? type.replace("#microsoft.graph.", "") : undefined;
  return o["conditions"] !== null &&
    typeof o["conditions"] === "object" &&
    ("grantControls" in o || "sessionControls" in o)
    ? "conditionalAccessPolicy"
    : undefined;
}
