/**
 * Turns what people type on phones into canonical tokens, so one lexicon phrase matches the many
 * ways it is written: "Jsuis en dangerrr!!", "je suis en danger", "JE SUIS EN DANGÉ".
 * The lexicon phrases go through the same function, so both sides meet in the same form.
 */

import { spellLetters } from '../text';

const MARKS = /\p{M}/gu;
/** Plain ASCII text (most SMS) skips the costly Unicode steps. */
const NON_ASCII = /\P{ASCII}/u;
/** Apostrophes are dropped, not split on: people who skip them write "jai", "ma", "cest". */
const APOSTROPHES = /['’‘`´ʼ]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
/** Three or more of one letter is emphasis ("aideeez", "helppp"); two can be spelling ("siranna"). */
const REPEATS = /(\p{L})\1{2,}/gu;
const HAS_LETTER = /\p{L}/u;
const HAS_DIGIT = /\d/;
/** Digits used as letters inside words ("h3lp", "d4nger"); 1 is tried as i, then as l. */
const DIGIT_AS_LETTER: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's' };
/**
 * French-style spellings of Bambara sounds, applied to the whole text (and to the spelling table)
 * before anything else looks at it: "bougo" is "bugo", "djon" is "jon". Harmless elsewhere
 * because both sides of a match are folded the same way ("you" is "yu" everywhere). gn is the
 * French spelling of ɲ ("gnini" for ɲini).
 */
const FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ou/g, 'u'],
  [/dj/g, 'j'],
  [/gn/g, 'ny'],
];

export type Normaliser = (text: string) => string[];

/**
 * @param spellings SMS and shorthand spellings, raw token -> canonical words ("jsuis" -> "je suis").
 * @param isKnown tells which of the readings of an ambiguous digit ("k1ll") is a lexicon word.
 */
export function createNormaliser(
  spellings: Readonly<Record<string, string>>,
  isKnown: (token: string) => boolean = () => false,
): Normaliser {
  const table = new Map<string, string[]>();
  for (const [from, to] of Object.entries(spellings)) {
    table.set(fold(from), fold(to).split(SEPARATORS).filter(Boolean));
  }

  const undigit = (token: string): string => {
    const swapped = token.replace(/[0345]/g, (d) => DIGIT_AS_LETTER[d] ?? d);
    if (!swapped.includes('1')) return phoneticFold(swapped);
    const asI = phoneticFold(swapped.replaceAll('1', 'i'));
    const asL = phoneticFold(swapped.replaceAll('1', 'l'));
    return !isKnown(asI) && isKnown(asL) ? asL : asI;
  };

  return (text) => {
    const out: string[] = [];
    for (const token of fold(text).split(SEPARATORS)) {
      if (!token) continue;
      let words = table.get(token);
      if (!words && HAS_DIGIT.test(token) && HAS_LETTER.test(token)) {
        const swapped = undigit(token);
        words = table.get(swapped) ?? [swapped];
      }
      if (words) out.push(...words);
      else out.push(token);
    }
    return out;
  };
}

/** Everything that does not depend on word boundaries, done once over the whole text. */
function fold(text: string): string {
  let folded = text.toLowerCase();
  if (NON_ASCII.test(folded)) {
    folded = spellLetters(folded).normalize('NFD').replace(MARKS, '');
  }
  return phoneticFold(folded.replace(APOSTROPHES, '').replace(REPEATS, '$1'));
}

function phoneticFold(token: string): string {
  let folded = token;
  for (const [pattern, replacement] of FOLDS) folded = folded.replace(pattern, replacement);
  return folded;
}
