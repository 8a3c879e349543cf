import fc from "fast-check";
import type { FactSchema, FactType } from "@tenet/parser";
import { arbitrarySnapshot, type SnapshotArbitraryOptions } from "./arbitrary-snapshot.js";
import { collectBoundaries, mergeBoundaries } from "./boundaries.js";
import { edgeValues } from "./edges.js";
import { testInstant } from "./test-instant.js";

/** Options of {@link searchSnapshot}. */
export interface SearchOptions extends SnapshotArbitraryOptions {
  seed?: number;
  /** Generated snapshots to start from (default 20). */
  starts?: number;
  /** Passes over every fact per start before giving up (default 8). */
  maxSweeps?: number;
}

/**
 * Search for a snapshot whose `score` is 0 (lower is closer). Random sampling rarely meets
 * several conditions at once (a device compliant with a whole baseline and just outside one
 * new bound), so this starts from generated snapshots and changes one fact at a time to the
 * value that lowers the score most: a boundary value the policies mention, any enum value,
 * or missing. A found snapshot is then stripped of every field it does not need.
 */
export function searchSnapshot(
  schema: FactSchema,
  score: (snapshot: Record<string, unknown>) => number,
  options: SearchOptions = {},
): Record<string, unknown> | undefined {
  const sets =
    options.near === undefined
      ? []
      : (Array.isArray(options.near) ? options.near : [options.near]).map((n) => ("set" in n ? n.set : n));
  const boundaries = mergeBoundaries(sets.map((s) => collectBoundaries(s, schema.rootName)));
  const nowMs = testInstant(options.now).millis;
  const choices: { path: string[]; values: unknown[] }[] = [];
  for (const [dotted, b] of boundaries) {
    const type = typeAt(schema.root, dotted.split("."));
    if (type === undefined || type.kind === "list" || type.kind === "object") continue;
    choices.push({ path: dotted.split("."), values: [...edgeValues(type, b, nowMs), undefined] });
  }
  const starts = fc.sample(arbitrarySnapshot(schema, options), {
    seed: options.seed ?? 1,
    numRuns: options.starts ?? 20,
  });
  for (const start of starts) {
    let current = start;
    let best = score(current);
    for (let sweep = 0; sweep < (options.maxSweeps ?? 8) && best > 0; sweep++) {
      let improved = false;
      for (const { path, values } of choices) {
        for (const value of values) {
          const next = withValue(current, path, value);
          const s = score(next);
          if (s < best) [current, best, improved] = [next, s, true];
        }
      }
      if (!improved) break;
    }
    if (best === 0) return strip(current, score);
  }
  return undefined;
}

function typeAt(root: FactType, path: string[]): FactType | undefined {
  let t: FactType | undefined = root;
  for (const seg of path) t = t?.kind === "object" ? t.properties[seg] : undefined;
  return t;
}

/** A copy of `snapshot` with the fact at `path` set (or removed, for undefined). */
function withValue(snapshot: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  const out = { ...snapshot };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const inner = out[head];
  out[head] = withValue(
    typeof inner === "object" && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {},
    rest,
    value,
  );
  return out;
}

/** Drop top-level fields one by one while the score stays 0: the witness shows only what matters. */
function strip(
  snapshot: Record<string, unknown>,
  score: (s: Record<string, unknown>) => number,
): Record<string, unknown> {
  let current = snapshot;
  for (const key of Object.keys(snapshot)) {
    const { [key]: _dropped, ...rest } = current;
    if (score(rest) === 0) current = rest;
  }
  return current;
}
