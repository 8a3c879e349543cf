import { emptySpan, printExpr } from "@tenet/parser";
/** A Tenet name from a display name: `Windows 10 - Baseline (Prod)` -> `windows-10-baseline-prod`. */
export function kebab(text: string, fallback: string): string {
  const name = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return /^[a-z_]/.test(name) ? name : name === "" ? fallback : `${fallback}-${name}`;
}

/** Hands out unique names: a second `baseline` becomes `baseline-2`. */
export class NamePool {
  private readonly used = new Set<string>();
  take(name: string): string {
    let candidate = name;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${name}-${i}`;
    this.used.add(candidate);
    return candidate;
  }
}

/**
 * A Tenet string literal, printed as the formatter prints one: a Graph string's line breaks
 * become `\n` and any other control character (a lone CR, NUL) `\u{..}`, so the written policy
 * file parses back to the same value.
 */
export const q = (s: string) => printExpr({ kind: "String", value: s.replace(/\r\n/g, "\n"), span: emptySpan("") });
