import { lookupPath } from "../values/fact-lookup.js";

/** What a personal value is replaced with, in outputs and in the history store. */
export const REDACTED = "[redacted]";

/**
 * Replaces every occurrence of a snapshot's personal values (schema paths marked
 * `x-tenet-personal`) inside the strings of `value` with `[redacted]`, or with what `replace`
 * makes of the personal value (a keyed pseudonym). Values shorter than three characters are
 * left as they are: replacing them would mangle unrelated text. Returns a copy; `value` is not
 * changed.
 */
export function redactPersonal<T>(
  value: T,
  snapshot: unknown,
  personalPaths: readonly string[],
  replace: (personal: string) => string = () => REDACTED,
): T {
  const personal = personalPaths
    .map((p) => lookupPath(snapshot, p.split(".")))
    .filter((v): v is string | number => (typeof v === "string" && v.length >= 3) || typeof v === "number")
    .map(String)
    .sort((a, b) => b.length - a.length);
  if (personal.length === 0) return value;
  const replacements = personal.map((p) => [p, replace(p)] as const);
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v !== "string") return v;
    let out = v;
    for (const [p, replacement] of replacements) out = out.split(p).join(replacement);
    return out;
  }) as T;
}
