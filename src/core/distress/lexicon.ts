/**
 * The distress lexicon as data (flows/distress/*.json) and its schema. Editors add phrases without
 * touching code; `compileLexicon` turns the data into indexes once, when a detector is created.
 */
import * as z from 'zod';
import { createFuzzyLookup, type FuzzyLookup } from './fuzzy';
import { createNormaliser, type Normaliser } from './normalise';

export const CATEGORIES = [
  'danger',
  'sexual_violence',
  'trafficking',
  'detention',
  'medical',
  'suicide',
  'stranded',
  'child_alone',
  'human_request',
] as const;
export type DistressCategory = (typeof CATEGORIES)[number];

export const LANGUAGES = ['fr', 'en', 'pcm', 'bm'] as const;
export type Language = (typeof LANGUAGES)[number];

/** high: escalate without asking; medium: ask once whether they want a person now. */
export type Severity = 'high' | 'medium';

/**
 * A phrase is plain words; `(a|b|)` offers alternatives, an empty one making the group optional:
 * "(il|on) me (bat|frappe)". `review: true` marks wording a native speaker must still check.
 */
const phraseTextSchema = z
  .string()
  .min(1)
  .regex(/^[^()]*(\([^()]*\)[^()]*)*$/, 'groups are (a|b), closed and not nested');
const phraseSchema = z.union([
  phraseTextSchema,
  z.strictObject({
    text: phraseTextSchema,
    review: z.boolean().optional(),
    note: z.string().optional(),
  }),
]);
export type Phrase = z.infer<typeof phraseSchema>;

const entrySchema = z.strictObject({
  /** The whole list still needs native review. */
  review: z.boolean().optional(),
  note: z.string().optional(),
  phrases: z.array(phraseSchema),
  /** Look-alikes: where one of these matches, it cancels the phrases of this category it overlaps. */
  not: z.array(phraseSchema).optional(),
});

const languageFileSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  note: z.string().optional(),
  review: z.boolean().optional(),
  /** Look-alikes that cancel overlapping phrases of every category ("mort de rire"). */
  not: z.array(phraseSchema).optional(),
  categories: z.partialRecord(z.enum(CATEGORIES), entrySchema),
});

const categoriesFileSchema = z
  .strictObject({
    note: z.string().optional(),
    /** Priority when several categories match: first wins. */
    order: z.array(z.enum(CATEGORIES)),
    severity: z.record(z.enum(CATEGORIES), z.enum(['high', 'medium'])),
  })
  .refine(
    (c) => new Set(c.order).size === CATEGORIES.length && c.order.length === CATEGORIES.length,
    {
      message: 'order must list every category exactly once',
      path: ['order'],
    },
  );

/** Raw token -> canonical words: SMS and shorthand spellings ("jsuis" -> "je suis"). */
const spellingsFileSchema = z.strictObject({
  note: z.string().optional(),
  spellings: z.record(z.string().min(1), z.string().min(1)),
});

export const lexiconSchema = z.strictObject({
  categories: categoriesFileSchema,
  spellings: spellingsFileSchema,
  languages: z.array(languageFileSchema).min(1),
});
export type Lexicon = z.infer<typeof lexiconSchema>;

/** Validates raw lexicon data; throws a ZodError naming the file part and reason. */
export function parseLexicon(input: unknown): Lexicon {
  return lexiconSchema.parse(input);
}

export function phraseText(phrase: Phrase): string {
  return typeof phrase === 'string' ? phrase : phrase.text;
}

/** Expands `(a|b|)` groups: "(il|on) me bat" -> ["il me bat", "on me bat"]. */
export function expandAlternatives(text: string): string[] {
  let variants = [''];
  for (const part of text.split(/(\([^()]*\))/)) {
    const choices = part.startsWith('(') ? part.slice(1, -1).split('|') : [part];
    variants = variants.flatMap((head) => choices.map((choice) => `${head} ${choice}`));
  }
  return variants.map((v) => v.replace(/\s+/g, ' ').trim());
}

/** One phrase after expansion and normalisation. */
export interface Pattern {
  readonly tokens: readonly string[];
  /** The tokens written without spaces, for messages typed without them ("jesuisendanger"). */
  readonly joined: string;
  /** null for a file-level look-alike, which cancels every category. */
  readonly category: DistressCategory | null;
  readonly language: Language;
  readonly exclusion: boolean;
  /** Where `byAnchor` files this pattern: its rarest token, so few candidates are tried. */
  readonly anchor: number;
}

export interface CompiledLexicon {
  readonly normalise: Normaliser;
  readonly vocabulary: ReadonlySet<string>;
  readonly fuzzy: FuzzyLookup;
  /** Canonical token -> patterns whose rarest token it is. */
  readonly byAnchor: ReadonlyMap<string, readonly Pattern[]>;
  /** First DESPACED_KEY letters of `joined` -> multi-word patterns, for unspaced typing. */
  readonly byPrefix: ReadonlyMap<string, readonly Pattern[]>;
  /** Category -> position in the priority order (0 wins). */
  readonly rank: ReadonlyMap<DistressCategory, number>;
  readonly severity: Readonly<Record<DistressCategory, Severity>>;
}

export const DESPACED_KEY = 4;
/** Shorter unspaced phrases ("nsa") would match inside ordinary words. */
const DESPACED_MIN = 6;

/** Builds every index once; detection then only does lookups. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const spellings = lexicon.spellings.spellings;
  const rawPatterns = collectPhrases(lexicon, createNormaliser(spellings));
  const vocabulary = new Set(rawPatterns.flatMap((p) => p.tokens));
  const frequency = new Map<string, number>();
  for (const p of rawPatterns) {
    for (const t of new Set(p.tokens)) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }

  const byAnchor = new Map<string, Pattern[]>();
  const byPrefix = new Map<string, Pattern[]>();
  for (const raw of rawPatterns) {
    let anchor = 0;
    raw.tokens.forEach((t, i) => {
      if (frequency.get(t)! < frequency.get(raw.tokens[anchor]!)!) anchor = i;
    });
    const pattern: Pattern = { ...raw, joined: raw.tokens.join(''), anchor };
    push(byAnchor, raw.tokens[anchor]!, pattern);
    if (raw.tokens.length > 1 && pattern.joined.length >= DESPACED_MIN) {
      push(byPrefix, pattern.joined.slice(0, DESPACED_KEY), pattern);
    }
  }

  return {
    normalise: createNormaliser(spellings, (t) => vocabulary.has(t)),
    vocabulary,
    fuzzy: createFuzzyLookup(vocabulary),
    byAnchor,
    byPrefix,
    rank: new Map(lexicon.categories.order.map((c, i) => [c, i])),
    severity: lexicon.categories.severity,
  };
}

type RawPattern = Omit<Pattern, 'joined' | 'anchor'>;

function collectPhrases(lexicon: Lexicon, normalise: Normaliser): RawPattern[] {
  const seen = new Set<string>();
  const out: RawPattern[] = [];
  // Expansion repeats the same words thousands of times: normalise each word once.
  const words = new Map<string, string[]>();
  const tokensOf = (variant: string) =>
    variant.split(' ').flatMap((word) => {
      let tokens = words.get(word);
      if (!tokens) {
        tokens = normalise(word);
        words.set(word, tokens);
      }
      return tokens;
    });
  const add = (
    phrases: readonly Phrase[] | undefined,
    category: DistressCategory | null,
    language: Language,
    exclusion: boolean,
  ) => {
    for (const phrase of phrases ?? []) {
      for (const variant of expandAlternatives(phraseText(phrase))) {
        const tokens = tokensOf(variant);
        const key = `${category}|${exclusion}|${tokens.join(' ')}`;
        if (tokens.length === 0 || seen.has(key)) continue;
        seen.add(key);
        out.push({ tokens, category, language, exclusion });
      }
    }
  };
  for (const file of lexicon.languages) {
    add(file.not, null, file.language, true);
    for (const category of CATEGORIES) {
      const entry = file.categories[category];
      add(entry?.phrases, category, file.language, false);
      add(entry?.not, category, file.language, true);
    }
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
