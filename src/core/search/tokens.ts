import { clean, fold } from '../text';

/** Longer messages are cut here before matching: questions are short, and work stays bounded. */
const MAX_QUERY = 400;

/**
 * The words of a message as matching sees them: cleaned, folded (no case, accents or Bambara
 * letters), and with letters repeated for emphasis squeezed ("pleaseee" -> "please").
 */
export function tokens(text: string): string[] {
  const folded = fold(clean(text.slice(0, MAX_QUERY)));
  if (!folded) return [];
  return folded.split(' ').map((w) => w.replace(/(\p{L})\1{2,}/gu, '$1'));
}
