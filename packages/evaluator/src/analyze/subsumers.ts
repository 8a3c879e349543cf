// subsumers: which alive policy makes another one redundant for the rest of the exploration (exact, never a guess).
import type { UserSelector } from "@tenet/parser";

/** A user condition as the explorer numbers it: include (an empty one read as `all`) and exclude. */
export type UserCondition = readonly (readonly UserSelector[])[];

/** A user condition with its selectors as comparable keys. */
interface KeyedCondition {
  all: boolean;
  include: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
}

const keyed = ([include, exclude]: UserCondition): KeyedCondition => ({
  all: include!.some((s) => s.kind === "all"),
  include: new Set(include!.map((s) => JSON.stringify(s))),
  exclude: new Set(exclude!.map((s) => JSON.stringify(s))),
});

/**
 * Whether every user `inner` admits, `outer` admits too. Sufficient, not necessary: each
 * include of `inner` is one of `outer`'s (or `outer` includes all), and each exclude of
 * `outer` is one of `inner`'s. A false "no" only merges less; a "yes" is always true.
 */
function usersContain(outer: KeyedCondition, inner: KeyedCondition): boolean {
  for (const s of outer.exclude) if (!inner.exclude.has(s)) return false;
  if (outer.all) return true;
  for (const s of inner.include) if (!outer.include.has(s)) return false;
  return true;
}

/** Whether every user `inner` admits, `outer` admits too (sufficient, as `usersContain`); empty includes read as `all`. */
export function userConditionContains(outer: UserCondition, inner: UserCondition): boolean {
  const all = (c: UserCondition): UserCondition => (c[0]!.length === 0 ? [[{ kind: "all" }], c[1]!] : c);
  return usersContain(keyed(all(outer)), keyed(all(inner)));
}

/** One policy as the relation needs it. */
export interface SubsumerInput {
  condition: number;
  effect: number;
  /** Its effect is an evaluable block: it settles its side whatever else applies. */
  block: boolean;
  side: number;
  /** The forced policy (`mustApply`) is never dropped and never drops another. */
  forced: boolean;
}

/**
 * Per level (the number of single-choice dimensions already decided), a bitset per policy of
 * the policies whose presence makes it redundant: q covers p when q admits every user p admits,
 * q's remaining conditions admit every value p's do, and q adds the same effect or an evaluable
 * block on the same side. Then wherever p would apply q applies, and the decision is the same
 * with p or without it. Equal policies keep the one listed first, so the relation has no cycle
 * and dropping every covered policy at once leaves a cover for each.
 */
export function subsumerBitsets(
  inputs: readonly SubsumerInput[],
  conditions: readonly UserCondition[],
  /** Single-choice dimensions, in exploration order. */
  dimensions: number,
  /** Bit `d` set when every value of dimension `d` that lets `p` through lets `q` through. */
  wider: (p: number, q: number) => number,
): { words: number; levels: Uint32Array[] } {
  const n = inputs.length;
  const words = (n + 31) >>> 5;
  const keys = conditions.map(keyed);
  const users = keys.map((outer) => keys.map((inner) => usersContain(outer, inner)));
  // mask[p * n + q]: the dimensions on which q is as wide as p, or -1 when q cannot cover p whatever they are.
  const mask = new Int32Array(n * n).fill(-1);
  for (let p = 0; p < n; p++)
    for (let q = 0; q < n; q++) {
      const a = inputs[p]!;
      const b = inputs[q]!;
      if (p === q || a.forced || b.forced || !users[b.condition]![a.condition]!) continue;
      if (a.effect === b.effect || (b.block && b.side === a.side)) mask[p * n + q] = wider(p, q);
    }
  const levels: Uint32Array[] = [];
  for (let level = 0; level <= dimensions; level++) {
    // At `level` the dimensions from `level` on are still open: q must be as wide on each of them.
    const open = ((1 << dimensions) - 1) & ~((1 << level) - 1);
    const covers = (p: number, q: number) => {
      const m = mask[p * n + q]!;
      return m >= 0 && (m & open) === open;
    };
    const bits = new Uint32Array(n * words);
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        if (!covers(p, q)) continue;
        // Equal in both directions: only the one listed first covers the other.
        if (q > p && covers(q, p)) continue;
        bits[p * words + (q >>> 5)]! |= 1 << (q & 31);
      }
    levels.push(bits);
  }
  return { words, levels };
}

/** Drops from `alive` every policy some other alive policy covers at `bits`' level (in place). */
export function dropCovered(alive: Uint8Array, bits: Uint32Array, words: number, scratch: Uint32Array): void {
  const n = alive.length;
  scratch.fill(0);
  for (let i = 0; i < n; i++) if (alive[i] === 1) scratch[i >>> 5]! |= 1 << (i & 31);
  for (let p = 0; p < n; p++) {
    if (alive[p] === 0) continue;
    const row = p * words;
    for (let w = 0; w < words; w++)
      if ((bits[row + w]! & scratch[w]!) !== 0) {
        alive[p] = 0;
        break;
      }
  }
}
