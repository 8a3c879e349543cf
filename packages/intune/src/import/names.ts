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

/** A Tenet string literal. */
export const q = (s: string) =>
  `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t")}"`;
