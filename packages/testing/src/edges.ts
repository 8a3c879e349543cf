import type { FactType } from "@tenet/parser";
import type { PathBoundaries } from "./boundaries.js";

const DAY = 86_400_000;

/**
 * The values worth trying for one fact: the literals the policies compare it with and their
 * neighbours, every enum value, both booleans. Used by the arbitraries and by witness search.
 */
export function edgeValues(t: FactType, b: PathBoundaries | undefined, nowMs: number): unknown[] {
  switch (t.kind) {
    case "boolean":
      return [true, false];
    case "enum":
      return [...t.values];
    case "number":
      return numberEdges(b).filter((n) => n >= (t.minimum ?? -Infinity) && n <= (t.maximum ?? Infinity));
    case "string":
      return b === undefined ? [] : [...b.strings];
    case "version":
      return versionEdges(b);
    case "datetime":
      return instantEdges(b, nowMs).map((ms) => new Date(ms).toISOString());
    case "date":
      return dateEdges(b);
    default:
      return [];
  }
}

export function numberEdges(b: PathBoundaries | undefined): number[] {
  if (b === undefined) return [];
  return [...b.numbers].flatMap((n) => [n - 1, n, n + 1]);
}

/** A version literal, its neighbours on each component, and the same value with padding. */
export function versionEdges(b: PathBoundaries | undefined): string[] {
  if (b === undefined) return [];
  const out = new Set<string>();
  for (const s of b.strings) {
    if (!/^\d+(\.\d+)*$/.test(s)) continue;
    const parts = s.split(".").map(Number);
    out.add(s);
    out.add(`${s}.0`);
    for (let i = 0; i < parts.length; i++) {
      for (const delta of [-1, 1]) {
        const next = [...parts];
        next[i] = Math.max(0, next[i]! + delta);
        out.add(next.join("."));
      }
    }
  }
  return [...out];
}

/** Instants just inside and just outside every `within`/`older than` edge around now. */
export function instantEdges(b: PathBoundaries | undefined, nowMs: number): number[] {
  if (b === undefined) return [];
  const out: number[] = [];
  for (const d of b.durations) out.push(nowMs - d, nowMs - d + 1000, nowMs - d - 1000);
  for (const t of b.instants) out.push(t, t - 1000, t + 1000);
  return out;
}

export function dateEdges(b: PathBoundaries | undefined): string[] {
  if (b === undefined) return [];
  const out: string[] = [];
  for (const d of [...b.dates, ...b.strings]) {
    const ms = Date.parse(`${d}T00:00:00Z`);
    if (Number.isNaN(ms)) continue;
    for (const delta of [-1, 0, 1]) out.push(new Date(ms + delta * DAY).toISOString().slice(0, 10));
  }
  return out;
}
