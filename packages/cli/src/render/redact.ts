import { lookupPath } from "@tenet/evaluator";
import type { DeviceResult } from "@tenet/evaluator";

export const REDACTED = "[redacted]";

/**
 * Removes personal data (schema paths marked `x-tenet-personal`) from a device result:
 * every occurrence of the device's personal values, wherever explanations, remediation
 * texts or names carry them, becomes `[redacted]`.
 */
export function redactResult(result: DeviceResult, snapshot: unknown, personalPaths: readonly string[]): DeviceResult {
  const values = personalPaths
    .map((p) => lookupPath(snapshot, p.split(".")))
    .filter((v): v is string | number => (typeof v === "string" && v.length >= 3) || typeof v === "number")
    .map(String)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return result;
  return JSON.parse(JSON.stringify(result), (_key, value: unknown) => {
    if (typeof value !== "string") return value;
    let out = value;
    for (const v of values) out = out.split(v).join(REDACTED);
    return out;
  }) as DeviceResult;
}
