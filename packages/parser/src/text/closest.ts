/**
 * Edit distance with adjacent transpositions (`hrad` -> `hard` is one edit); a difference
 * only in case costs half, so `macOs` is closest to `macOS`.
 */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two back): memory linear in `b`, not a matrix.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const cost = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, before[j - 2]! + 1);
      row[j] = best;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length]!;
}

/**
 * Words longer than this get no suggestion: a typo of a name is short, and the distance costs
 * the product of the two lengths, which a hostile 100 KB word would make quadratic.
 */
const MAX_SUGGESTED_LENGTH = 64;

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skip what cannot be close enough.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean \`x\`?` or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const guess = closest(word, candidates);
  return guess === undefined ? undefined : `did you mean \`${guess}\`?`;
}

/**
 * Up to `count` candidates nearest to `word` by edit distance (case ignored; ties in input
 * order), among those within half its length: for ids that share prefixes (device names),
 * where one best guess is not enough.
 */
export function closestOf(word: string, candidates: readonly string[], count: number): string[] {
  const limit = Math.max(2, Math.ceil(word.length / 2));
  if (word.length > MAX_SUGGESTED_LENGTH) return [];
  return [...new Set(candidates)]
    .filter((candidate) => Math.abs(candidate.length - word.length) <= limit)
    .map((candidate, order) => ({
      candidate,
      order,
      distance: editDistance(word.toLowerCase(), candidate.toLowerCase()),
    }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, count)
    .map((c) => c.candidate);
}
