import type { Lexicon } from './lexicon';
import { tokens } from './tokens';

/**
 * The language a first message is clearly written in, or undefined. Each marker word (or
 * phrase) counts one; a language wins when it has at least two and more than any other.
 * Nigerian Pidgin shares most small words with English, so its list holds only words English
 * lacks ("dey", "wetin", "abeg") and it adds English's count: a message with English words and
 * one Pidgin word is Pidgin.
 */
export function detectLanguage(lexicon: Lexicon, text: string): string | undefined {
  const words = tokens(text);
  if (!words.length) return undefined;
  const joined = ` ${words.join(' ')} `;
  const score = new Map<string, number>();
  for (const [lng, markers] of foldedMarkers(lexicon)) {
    score.set(lng, markers.filter((m) => joined.includes(` ${m} `)).length);
  }
  const pidgin = score.get('pcm');
  if (pidgin) score.set('pcm', pidgin + (score.get('en') ?? 0));
  const ranked = [...score].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < 2 || (second && second[1] === first[1])) return undefined;
  return first[0];
}

/** Each lexicon's markers as tokens, folded once: detection runs on every first message. */
const folded = new WeakMap<Lexicon, [string, string[]][]>();
function foldedMarkers(lexicon: Lexicon): [string, string[]][] {
  let markers = folded.get(lexicon);
  if (!markers) {
    markers = Object.entries(lexicon.markers).map(([lng, words]): [string, string[]] => [
      lng,
      words.map((m) => tokens(m).join(' ')).filter(Boolean),
    ]);
    folded.set(lexicon, markers);
  }
  return markers;
}
