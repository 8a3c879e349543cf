/**
 * Edit distance with adjacent transpositions (`hrad` -> `hard` is one edit); a difference
 * only in case costs half, so `macOs` is closest to `macOS`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const cost = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of candidates) {
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
  return [...new Set(candidates)]
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
