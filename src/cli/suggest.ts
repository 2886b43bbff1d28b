/**
 * The candidate a mistyped name most likely meant: the one within two edits (fewer for short
 * names), or else the only one it begins; undefined when nothing is that close or two tie.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  const limit = Math.min(2, Math.floor(typed.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase(), limit);
    if (distance < bestDistance) [best, bestDistance, tied] = [candidate, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  if (best !== undefined && bestDistance <= limit && !tied) return best;
  const extending = typed.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(typed)) : [];
  return extending.length === 1 ? extending[0] : undefined;
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit` (a 100 KB option name costs nothing). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
