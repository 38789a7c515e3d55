/**
 * Finds every lexicon pattern (phrases and look-alikes) in a message, as token spans.
 * A multi-word pattern may have one extra word inside it ("they don beat me" for "they beat me");
 * a message typed without spaces is matched on its letters ("jesuisendanger").
 */
import { type CompiledLexicon, DESPACED_KEY, type Pattern } from './lexicon';

export interface Match {
  readonly pattern: Pattern;
  /** First token of the match. */
  readonly start: number;
  /** One past the last token. */
  readonly end: number;
}

/** Extra words tolerated inside one multi-word pattern. */
const MAX_GAPS = 1;

export function findMatches(lexicon: CompiledLexicon, text: string): Match[] {
  const tokens = lexicon.normalise(text);
  const canonical = tokens.map((t) => (lexicon.vocabulary.has(t) ? t : (lexicon.fuzzy(t) ?? t)));
  const matches: Match[] = [];
  canonical.forEach((token, i) => {
    for (const pattern of lexicon.byAnchor.get(token) ?? []) {
      const match = alignAt(canonical, i, pattern);
      if (match) matches.push(match);
    }
  });
  if (lexicon.byPrefix.size > 0) findUnspaced(lexicon, tokens, matches);
  return matches;
}

/** Matches `pattern` with its anchor token at message position `i`, outwards in both directions. */
function alignAt(tokens: readonly string[], i: number, pattern: Pattern): Match | undefined {
  const want = pattern.tokens;
  let gaps = 0;
  let start = i;
  for (let j = pattern.anchor - 1; j >= 0; j--) {
    if (tokens[start - 1] === want[j]) start -= 1;
    else if (gaps < MAX_GAPS && tokens[start - 2] === want[j]) {
      start -= 2;
      gaps += 1;
    } else return undefined;
  }
  let last = i;
  for (let j = pattern.anchor + 1; j < want.length; j++) {
    if (tokens[last + 1] === want[j]) last += 1;
    else if (gaps < MAX_GAPS && tokens[last + 2] === want[j]) {
      last += 2;
      gaps += 1;
    } else return undefined;
  }
  return { pattern, start, end: last + 1 };
}

/**
 * Multi-word patterns against the message's letters with its spaces removed, starting and ending
 * on word boundaries so "help me" never matches inside "helpmeet" but does match "helpme".
 */
function findUnspaced(lexicon: CompiledLexicon, tokens: readonly string[], out: Match[]): void {
  const joined = tokens.join('');
  const starts: number[] = [];
  const tokenEndingAt = new Map<number, number>();
  let offset = 0;
  tokens.forEach((t, i) => {
    starts.push(offset);
    offset += t.length;
    tokenEndingAt.set(offset, i);
  });
  starts.forEach((from, i) => {
    for (const pattern of lexicon.byPrefix.get(joined.slice(from, from + DESPACED_KEY)) ?? []) {
      if (!joined.startsWith(pattern.joined, from)) continue;
      const last = tokenEndingAt.get(from + pattern.joined.length);
      // Same number of tokens means the words were spaced as in the lexicon: already found.
      if (last !== undefined && last - i + 1 !== pattern.tokens.length) {
        out.push({ pattern, start: i, end: last + 1 });
      }
    }
  });
}
