import * as z from 'zod';
import { COMMANDS } from '../core/flows/content';

/** The content as files hold it, before validation: what the bundle and the checker share. */
export interface RawContent {
  /** flows/<id>.flow.json, by file name. */
  flows: Record<string, unknown>;
  commands: unknown;
  languages: unknown;
  /** flows/distress/: the distress lexicon, validated by core/distress's own schema. */
  distress: unknown;
  /** flows/directory.json */
  directory: unknown;
  /** flows/lexicon.json */
  lexicon: unknown;
  /** flows/review.json */
  review: unknown;
  /** flows/places.json */
  places: unknown;
  /** locales/<lng>/<namespace>.json */
  locales: Record<string, Record<string, unknown>>;
}

export const LanguagesSchema = z.strictObject({
  languages: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z]{2,3}$/), name: z.string().min(1) }))
    .min(1),
});

/** Keywords for each global command, per language. */
export const CommandsSchema = z.strictObject(
  Object.fromEntries(
    COMMANDS.map((c) => [c, z.record(z.string(), z.array(z.string().min(1)).min(1))]),
  ) as Record<(typeof COMMANDS)[number], z.ZodRecord<z.ZodString, z.ZodArray<z.ZodString>>>,
);

/** A locale namespace: nested objects of strings. */
export type Resources = { [key: string]: string | Resources };
export const ResourcesSchema: z.ZodType<Resources> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), ResourcesSchema])),
);

/**
 * flows/review.json: text that a native speaker must review before launch, kept in the data so
 * nobody mistakes a draft for a checked translation. Keys are `namespace:key` or a prefix
 * ending in `*` (`main:*`, `*` for a whole language).
 */
export const ReviewSchema = z.strictObject({
  spec: z.literal(1),
  languages: z.record(
    z.string(),
    z.strictObject({ reason: z.string().min(1), keys: z.array(z.string().min(1)).min(1) }),
  ),
});
