import * as z from 'zod';
import type { DirectorySelector } from './schema';

/**
 * The referral directory: organisations and emergency numbers, each with the sources it comes
 * from and the date an editor last checked it against shared facts, so every line the bot shows
 * can be traced and re-checked. Names and places are proper nouns, written once here; what an
 * entry offers is a list of need ids, localised through `common:need.<id>`.
 */
export const DIRECTORY_SPEC = 1;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');
/** A tag of shared facts: a seed document, a public source or the numbers table. */
export const SOURCE_TAG = /^(SEED-\d{3}|P\d+(-[A-Za-z]+)?|B2)$/;

export const DirectoryEntrySchema = z.strictObject({
  id,
  /** The organisation or service, as it names itself. */
  name: z.string().min(1),
  /** Cities (ids) where it is; `national` for a country-wide line. */
  cities: z.array(id).min(1),
  needs: z.array(id).min(1),
  /** What the sources say of how to find it (quarter, landmark); omitted when unknown. */
  where: z.string().min(1).optional(),
  /** Only a number published for the organisation in shared facts (§B2); never a person's. */
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{2,20}$/)
    .optional(),
  /** Shown as "to be confirmed": conflicting sources or a service that may have ended. */
  unsure: z.boolean().optional(),
  sources: z.array(z.string().regex(SOURCE_TAG, 'a source tag such as SEED-004 or P37')).min(1),
  /** Year of the newest evidence, as the source dates it. */
  evidence: z.string().regex(/^\d{4}$/),
  /** When an editor last checked the entry against shared facts (YYYY-MM-DD). */
  checked: z.iso.date(),
  /** For editors; never shown. */
  note: z.string().optional(),
});

export const DirectorySchema = z.strictObject({
  spec: z.literal(DIRECTORY_SPEC),
  entries: z.array(DirectoryEntrySchema).min(1),
});

export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/** The entries a node lists: those in its city (and national lines), or serving its need. */
export function selectEntries(
  entries: readonly DirectoryEntry[],
  selector: DirectorySelector,
): DirectoryEntry[] {
  return entries.filter(
    (e) =>
      (!selector.city || e.cities.includes(selector.city)) &&
      (!selector.need || e.needs.includes(selector.need)),
  );
}

/** Translate a key in the person's language (the core's `Translate`, already bound). */
type T = (key: string) => string;

/**
 * One line per entry. Listed by need, the need is already said: show number, name and place.
 * Listed by city, add what the place offers.
 */
export function directoryLines(
  entries: readonly DirectoryEntry[],
  selector: DirectorySelector,
  t: T,
): string {
  return selectEntries(entries, selector)
    .map((e) => {
      const head = [e.phone, e.name].filter(Boolean).join(' ');
      const place = e.where ? ` (${e.where})` : '';
      const needs = selector.need
        ? ''
        : `: ${e.needs.map((n) => t(`common:need.${n}`)).join(', ')}`;
      const unsure = e.unsure ? ` ${t('common:directory.unsure')}` : '';
      return `- ${head}${place}${needs}${unsure}`;
    })
    .join('\n');
}
