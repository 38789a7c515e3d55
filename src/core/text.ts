const LETTERS: Record<string, string> = { ɛ: 'e', ɔ: 'o', ɲ: 'ny', ŋ: 'ng', œ: 'oe', æ: 'ae' };

/** Bambara's letters (and two ligatures) that phones rarely offer, spelled as people type them. */
export const spellLetters = (text: string): string =>
  text.replace(/[ɛɔɲŋœæ]/g, (c) => LETTERS[c] ?? c);

/**
 * Folding for matching what people type against keywords and option titles: lower case, no
 * accents, Bambara letters mapped to their ASCII spellings (ɛ→e, ɔ→o, ɲ→ny, ŋ→ng), punctuation
 * and repeated spaces removed. Matching only: never shown to anyone.
 */
export function fold(text: string): string {
  return spellLetters(text.toLowerCase())
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Text with control characters and bidirectional overrides removed, so it is safe to echo. */
export function clean(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? '\n' : ' ')).trim();
}
