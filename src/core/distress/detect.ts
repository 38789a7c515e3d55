/**
 * Distress detection: text -> the most urgent category a message shows, or null.
 * The lexicon decides what counts; this file only resolves overlaps between what matched.
 */
import {
  compileLexicon,
  type DistressCategory,
  type Language,
  type Lexicon,
  type Severity,
} from './lexicon';
import { findMatches, type Match } from './matcher';

export interface Detection {
  category: DistressCategory;
  severity: Severity;
  /** Language of the matched entry. */
  language: Language;
}

export type Detector = (text: string) => Detection | null;

/**
 * Compiles the lexicon once and returns the detector. A phrase is cancelled only by a look-alike
 * (`not`) that overlaps it; there is no rule for negation or questions, so "am I going to die?"
 * or "I don't want to live" still fire (content.md D0). Among the phrases left, the category first
 * in `categories.json` `order` wins, then the longest phrase, then the earliest.
 */
export function createDetector(lexicon: Lexicon): Detector {
  const compiled = compileLexicon(lexicon);
  const rankOf = (m: Match) => compiled.rank.get(m.pattern.category!) ?? Number.MAX_SAFE_INTEGER;

  return (text) => {
    const matches = findMatches(compiled, text);
    const exclusions = matches.filter((m) => m.pattern.exclusion);
    let best: Match | undefined;
    for (const hit of matches) {
      if (hit.pattern.exclusion || exclusions.some((x) => cancels(x, hit))) continue;
      if (!best || isBetter(hit, best, rankOf)) best = hit;
    }
    if (!best) return null;
    const category = best.pattern.category!;
    return { category, severity: compiled.severity[category], language: best.pattern.language };
  };
}

function cancels(exclusion: Match, hit: Match): boolean {
  const sameCategory =
    exclusion.pattern.category === null || exclusion.pattern.category === hit.pattern.category;
  return sameCategory && exclusion.start < hit.end && hit.start < exclusion.end;
}

function isBetter(a: Match, b: Match, rankOf: (m: Match) => number): boolean {
  if (rankOf(a) !== rankOf(b)) return rankOf(a) < rankOf(b);
  const lengthA = a.pattern.tokens.length;
  const lengthB = b.pattern.tokens.length;
  if (lengthA !== lengthB) return lengthA > lengthB;
  return a.start < b.start;
}
