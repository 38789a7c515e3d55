import { createInstance, type TFunction } from 'i18next';
import { derived } from '../core/cache';
import { createDetector, type Detector, parseLexicon } from '../core/distress';
import type { Command, Content, Translate } from '../core/flows/content';
import { qualifyKey, resolveRef } from '../core/flows/content';
import { DirectorySchema } from '../core/flows/directory';
import { type Place, PlacesSchema } from '../core/flows/places';
import { type Flow, FlowSchema } from '../core/flows/schema';
import { LexiconSchema } from '../core/search/lexicon';
import { buildIndex } from '../core/search/search';
import { fold } from '../core/text';
import { CommandsSchema, LanguagesSchema, type RawContent, ResourcesSchema } from './raw';

/**
 * Validate the raw content files and build the `Content` the core runs on: parsed flows, one
 * i18next instance with a fixed translator per language (built once, never per message), the
 * folded command keywords and a revision hash. `detect` replaces the distress detector, for a
 * caller that never detects (the content check only renders) and need not build it.
 */
export function compileContent(raw: RawContent, options: { detect?: Detector } = {}): Content {
  const flows = new Map<string, Flow>();
  for (const data of Object.values(raw.flows)) {
    const flow = FlowSchema.parse(data);
    flows.set(flow.id, flow);
  }
  const main = flows.get('main');
  if (!main) throw new Error('flows/main.flow.json is missing');
  const { languages } = LanguagesSchema.parse(raw.languages);
  const commands = new Map<string, Command>();
  for (const [command, byLanguage] of Object.entries(CommandsSchema.parse(raw.commands))) {
    for (const word of Object.values(byLanguage).flat())
      commands.set(fold(word), command as Command);
  }
  const lexicon = LexiconSchema.parse(raw.lexicon);
  const t = translator(raw.locales, languages[0]?.code ?? 'en');
  return {
    rev: revision(raw),
    flows,
    entry: { flow: main.id, node: main.entry },
    languages,
    commands,
    t,
    words: wordLists(t),
    directory: DirectorySchema.parse(raw.directory).entries,
    lexicon,
    search: buildIndex(flows.values(), lexicon),
    titles: titlesOf(flows),
    detect: options.detect ?? detectorFor(raw.distress),
    places: placesOf(flows, PlacesSchema.parse(raw.places).cities),
  };
}

/** Each town with coordinates and the node that lists its directory entries. */
function placesOf(
  flows: ReadonlyMap<string, Flow>,
  cities: Record<string, { lat: number; lon: number }>,
): Place[] {
  const places: Place[] = [];
  for (const flow of flows.values()) {
    for (const [node, spec] of Object.entries(flow.nodes)) {
      const city = spec.directory?.city;
      const at = city && !spec.directory?.need ? cities[city] : undefined;
      if (city && at) places.push({ city, ...at, node: { flow: flow.id, node } });
    }
  }
  return places;
}

/** Comma-separated word lists, folded and cached: they are read on every typed message. */
function wordLists(t: Translate): Content['words'] {
  const cache = new Map<string, ReadonlySet<string>>();
  return (lng, key) => {
    const id = `${lng}\u0000${key}`;
    let words = cache.get(id);
    if (!words) {
      words = new Set(t(lng, key).split(',').map(fold).filter(Boolean));
      cache.set(id, words);
    }
    return words;
  };
}

/**
 * The distress lexicon compiles into some thousands of patterns, which takes a noticeable moment:
 * compile each lexicon once, however many times the content around it is compiled (tests).
 */
const detectors = new WeakMap<object, Detector>();
function detectorFor(distress: unknown): Detector {
  const cached = typeof distress === 'object' && distress ? detectors.get(distress) : undefined;
  if (cached) return cached;
  const detector = createDetector(parseLexicon(distress));
  if (typeof distress === 'object' && distress) detectors.set(distress, detector);
  return detector;
}

/** Name each node after the first option that leads to it (see `Content.titles`). */
function titlesOf(flows: ReadonlyMap<string, Flow>): Map<string, string> {
  const titles = new Map<string, string>();
  for (const flow of flows.values()) {
    for (const node of Object.values(flow.nodes)) {
      for (const option of node.options ?? []) {
        const to = resolveRef(option.next, flow.id);
        const ref = `${to.flow}.${to.node}`;
        if (!titles.has(ref)) titles.set(ref, qualifyKey(option.label, flow.id));
      }
    }
  }
  return titles;
}

/** Far more than the texts of all languages with their usual values; a bound, not a size. */
const TEXT_CACHE_LIMIT = 20_000;

function translator(locales: RawContent['locales'], fallback: string): Translate {
  const resources = Object.fromEntries(
    Object.entries(locales).map(([lng, namespaces]) => [
      lng,
      Object.fromEntries(
        Object.entries(namespaces).map(([ns, r]) => [ns, ResourcesSchema.parse(r)]),
      ),
    ]),
  );
  const i18n = createInstance();
  i18n.init({
    resources,
    lng: fallback,
    fallbackLng: fallback,
    ns: Object.keys(resources[fallback] ?? {}),
    initAsync: false,
    returnNull: false,
    // Replies are plain text, never HTML: nothing to escape, and escaping would show &amp;.
    interpolation: { escapeValue: false },
  });
  const fixed = derived<TFunction>();
  // Content never changes while it runs, so a text is looked up once per language, key and
  // values: i18next's key resolution was most of the cost of a step when profiled, and its
  // interpolation (the privacy notice on every first screen) a tenth of one. The values are
  // few (days kept, a part number, an opening hour, a place and its distance in whole km),
  // never words people write; the cache is emptied if ever full all the same.
  const texts = derived<string>(TEXT_CACHE_LIMIT);
  return (lng, key, vars) =>
    texts(vars ? `${lng}\u0000${key}\u0000${JSON.stringify(vars)}` : `${lng}\u0000${key}`, () => {
      const t = fixed(lng, () => i18n.getFixedT(lng));
      return (vars ? t(key, vars) : t(key)) as string;
    });
}

/** FNV-1a over the content, as 8 hex digits: enough to tell two revisions apart. */
function revision(raw: RawContent): string {
  const text = JSON.stringify(raw);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
