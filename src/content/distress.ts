import { type Lexicon, parseLexicon } from '../core/distress';
import { rawContent } from './bundle';

/** The shipped distress lexicon (flows/distress/), validated; throws if a file breaks the schema. */
export function loadLexicon(): Lexicon {
  return parseLexicon(rawContent.distress);
}
