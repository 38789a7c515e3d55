/**
 * Typo tolerance for long lexicon words: a typed word within edit distance 1 of a lexicon word of
 * 6+ letters, or 2 of one of 9+ letters, reads as that word ("enfermmé", "kidnaped", "sucider").
 * Short words get none: "tue"/"tee"/"the" must stay apart.
 *
 * Lookup uses a deletion index (the SymSpell idea): every word and its 1- and 2-letter deletions
 * are indexed once, so a query only generates its own deletions instead of scanning the lexicon.
 * A typed word shorter than 9 letters is only reduced by one letter, which keeps queries cheap and
 * still finds one edit plus a dropped letter; it gives up two independent typos in one word.
 */

export type FuzzyLookup = (token: string) => string | undefined;

const MIN_LENGTH = 6;
const LONG_LENGTH = 9;

function allowedDistance(word: string): number {
  if (word.length >= LONG_LENGTH) return 2;
  return word.length >= MIN_LENGTH ? 1 : 0;
}

export function createFuzzyLookup(vocabulary: Iterable<string>): FuzzyLookup {
  const byDeletion = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const words = byDeletion.get(key);
    if (!words) byDeletion.set(key, [word]);
    else if (!words.includes(word)) words.push(word);
  };
  for (const word of vocabulary) {
    const distance = allowedDistance(word);
    if (distance === 0 || !/^\p{L}+$/u.test(word)) continue;
    for (const key of deletions(word, distance)) add(key, word);
  }

  return (token) => {
    if (token.length < MIN_LENGTH - 1 || !/^\p{L}+$/u.test(token)) return undefined;
    const candidates = new Set<string>();
    for (const key of deletions(token, token.length >= LONG_LENGTH ? 2 : 1)) {
      for (const word of byDeletion.get(key) ?? []) candidates.add(word);
    }
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const word of candidates) {
      const limit = allowedDistance(word);
      const d = editDistance(token, word, limit);
      if (d <= limit && d < bestDistance) {
        best = word;
        bestDistance = d;
      }
    }
    return best;
  };
}

/** The word itself and every string made by deleting up to `depth` letters. */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal-string-alignment distance (a swap of two neighbours costs 1), stopping past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  let before = new Int32Array(width);
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, before[j - 2]! + 1);
      }
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
