import * as z from 'zod';

/**
 * flows/lexicon.json: the words people type for each concept the content answers, per language,
 * with spelling variants and SMS abbreviations, plus the small words that tell the languages
 * apart. Data, so an editor adds "foyer" or "segin" without touching code.
 *
 * A word ending in `*` matches any word that starts with it ("reinteg*"). `any` holds words of
 * every language (city names, numbers).
 */
export const LEXICON_SPEC = 1;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');
const words = z.array(z.string().min(1)).min(1);

export const LexiconSchema = z.strictObject({
  spec: z.literal(LEXICON_SPEC),
  /** concept id -> language code (or `any`) -> words and phrases. */
  concepts: z.record(id, z.record(z.string(), words)),
  /** language code -> words frequent in that language and rare in the others. */
  markers: z.record(z.string(), words),
});

export type Lexicon = z.infer<typeof LexiconSchema>;
