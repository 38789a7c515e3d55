/**
 * The lexicon shipped in flows/distress/, imported statically so bundlers (Cloudflare Workers)
 * inline it: no file system at run time.
 */
import bm from '../../../flows/distress/bm.json' with { type: 'json' };
import categories from '../../../flows/distress/categories.json' with { type: 'json' };
import en from '../../../flows/distress/en.json' with { type: 'json' };
import fr from '../../../flows/distress/fr.json' with { type: 'json' };
import pcm from '../../../flows/distress/pcm.json' with { type: 'json' };
import spellings from '../../../flows/distress/spellings.json' with { type: 'json' };
import { type Lexicon, parseLexicon } from './lexicon';

/** The validated bundled lexicon; throws if a data file breaks the schema. */
export function loadLexicon(): Lexicon {
  return parseLexicon({ categories, spellings, languages: [fr, en, pcm, bm] });
}
