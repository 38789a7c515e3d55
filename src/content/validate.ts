import { lexiconSchema as distressLexiconSchema } from '../core/distress/lexicon';
import { qualifyKey, resolveRef } from '../core/flows/content';
import { type DirectoryEntry, DirectorySchema, selectEntries } from '../core/flows/directory';
import { interpret } from '../core/flows/interpret';
import { CODE_KEYS } from '../core/flows/keys';
import { PlacesSchema } from '../core/flows/places';
import type { Flow } from '../core/flows/schema';
import { FlowSchema } from '../core/flows/schema';
import { SMS, WHATSAPP } from '../core/render/limits';
import { type Lexicon, LexiconSchema } from '../core/search/lexicon';
import { fold } from '../core/text';
import { compileContent } from './compile';
import {
  CommandsSchema,
  LanguagesSchema,
  type RawContent,
  type Resources,
  ResourcesSchema,
  ReviewSchema,
} from './raw';
import { smsFigures } from './sms-budget';

/** One thing wrong with the content, said so an editor can find and fix it. */
export interface ContentProblem {
  file: string;
  /** The node, option or message key concerned, when there is one. */
  where?: string;
  reason: string;
}

/**
 * Every rule the content must obey, as problems rather than exceptions so the checker can list
 * them all at once. Pure: the caller reads the files.
 */
export function validateContent(raw: RawContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const flows = parseFlows(raw, problems);
  const languages = parseLanguages(raw, problems);
  const locales = parseLocales(raw, problems);
  const directory = parseDirectory(raw, problems);
  const lexicon = parseLexicon(raw, problems);
  checkGraph(flows, problems);
  checkCommands(raw, problems);
  checkDistressLexicon(raw, problems);
  checkMenus(flows, problems);
  checkDirectory(flows, directory, problems);
  if (lexicon) checkLexicon(flows, lexicon, languages, problems);
  if (languages.length) checkKeys(flows, languages, locales, directory, problems);
  checkReview(raw, locales, problems);
  checkPlaces(raw, directory, problems);
  // Rendering needs content that compiles: budgets are checked once everything else holds.
  if (!problems.length) checkRendered(raw, languages, problems);
  return problems;
}

const flowFile = (id: string) => `flows/${id}.flow.json`;
const localeFile = (lng: string, ns: string) => `locales/${lng}/${ns}.json`;

function parseFlows(raw: RawContent, problems: ContentProblem[]): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  for (const [file, data] of Object.entries(raw.flows)) {
    const parsed = FlowSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          file: `flows/${file}`,
          where: issue.path.join('.'),
          reason: issue.message,
        });
      }
      continue;
    }
    if (`${parsed.data.id}.flow.json` !== file) {
      problems.push({
        file: `flows/${file}`,
        reason: `the file name must be ${parsed.data.id}.flow.json`,
      });
    }
    flows.set(parsed.data.id, parsed.data);
  }
  if (!flows.has('main'))
    problems.push({ file: 'flows/main.flow.json', reason: 'the main flow is missing' });
  return flows;
}

function parseLanguages(raw: RawContent, problems: ContentProblem[]): string[] {
  const parsed = LanguagesSchema.safeParse(raw.languages);
  if (parsed.success) return parsed.data.languages.map((l) => l.code);
  problems.push({
    file: 'flows/languages.json',
    reason: parsed.error.issues[0]?.message ?? 'invalid',
  });
  return [];
}

function parseLocales(raw: RawContent, problems: ContentProblem[]) {
  const locales = new Map<string, Map<string, string>>();
  for (const [lng, namespaces] of Object.entries(raw.locales)) {
    const keys = new Map<string, string>();
    for (const [ns, data] of Object.entries(namespaces)) {
      const parsed = ResourcesSchema.safeParse(data);
      if (!parsed.success) {
        problems.push({
          file: localeFile(lng, ns),
          reason: 'a locale file holds only text, in nested objects',
        });
        continue;
      }
      flatten(parsed.data, `${ns}:`, keys);
    }
    locales.set(lng, keys);
  }
  return locales;
}

function flatten(resources: Resources, prefix: string, into: Map<string, string>): void {
  for (const [k, v] of Object.entries(resources)) {
    const key = prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`;
    if (typeof v === 'string') into.set(key, v);
    else flatten(v, key, into);
  }
}

function checkGraph(flows: Map<string, Flow>, problems: ContentProblem[]): void {
  const exists = (flow: string, node: string) => Boolean(flows.get(flow)?.nodes[node]);
  const reached = new Set<string>();
  const main = flows.get('main');
  const queue = main ? [`main.${main.entry}`] : [];
  for (const flow of flows.values()) {
    if (!flow.nodes[flow.entry]) {
      problems.push({ file: flowFile(flow.id), where: 'entry', reason: `no node "${flow.entry}"` });
    }
    for (const [id, node] of Object.entries(flow.nodes)) {
      const targets = [
        ...(node.options ?? []).map((o) => ({ ref: o.next, where: `${id}.options.${o.id}` })),
      ];
      if (node.next) targets.push({ ref: node.next, where: `${id}.next` });
      for (const t of targets) {
        const to = resolveRef(t.ref, flow.id);
        if (!exists(to.flow, to.node)) {
          problems.push({
            file: flowFile(flow.id),
            where: t.where,
            reason: `"${t.ref}" does not exist`,
          });
        }
      }
      const ids = (node.options ?? []).map((o) => o.id);
      if (new Set(ids).size !== ids.length) {
        problems.push({ file: flowFile(flow.id), where: id, reason: 'two options share an id' });
      }
    }
  }
  while (queue.length) {
    const at = queue.pop() as string;
    if (reached.has(at)) continue;
    reached.add(at);
    const [flowId, nodeId] = at.split('.') as [string, string];
    const node = flows.get(flowId)?.nodes[nodeId];
    for (const ref of [
      ...(node?.options ?? []).map((o) => o.next),
      ...(node?.next ? [node.next] : []),
    ]) {
      const to = resolveRef(ref, flowId);
      if (exists(to.flow, to.node)) queue.push(`${to.flow}.${to.node}`);
    }
  }
  for (const flow of flows.values()) {
    for (const id of Object.keys(flow.nodes)) {
      if (main && !reached.has(`${flow.id}.${id}`)) {
        problems.push({ file: flowFile(flow.id), where: id, reason: 'no menu leads to this node' });
      }
    }
  }
}

function checkCommands(raw: RawContent, problems: ContentProblem[]): void {
  const parsed = CommandsSchema.safeParse(raw.commands);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        file: 'flows/commands.json',
        where: issue.path.join('.'),
        reason: issue.message,
      });
    }
    return;
  }
  const owner = new Map<string, string>();
  for (const [command, byLanguage] of Object.entries(parsed.data)) {
    for (const word of Object.values(byLanguage).flat()) {
      const folded = fold(word);
      const other = owner.get(folded);
      if (other && other !== command) {
        problems.push({
          file: 'flows/commands.json',
          where: word,
          reason: `is both "${other}" and "${command}"`,
        });
      }
      owner.set(folded, command);
    }
  }
}

/** Issues in the lexicon name the language file by its position in flows/distress/. */
function checkDistressLexicon(raw: RawContent, problems: ContentProblem[]): void {
  const parsed = distressLexiconSchema.safeParse(raw.distress);
  if (parsed.success) return;
  const files = ['fr', 'en', 'pcm', 'bm'];
  for (const issue of parsed.error.issues) {
    const [part, index, ...rest] = issue.path.map(String);
    const file =
      part === 'languages'
        ? `flows/distress/${files[Number(index)] ?? index}.json`
        : `flows/distress/${part}.json`;
    const where = (part === 'languages' ? rest : [index, ...rest]).filter(Boolean).join('.');
    problems.push({ file, where, reason: issue.message });
  }
}

function checkKeys(
  flows: Map<string, Flow>,
  languages: string[],
  locales: Map<string, Map<string, string>>,
  directory: DirectoryEntry[],
  problems: ContentProblem[],
): void {
  const used = new Map<string, string>(CODE_KEYS.map((k) => [k, 'the code']));
  for (const entry of directory) {
    for (const need of entry.needs) used.set(`common:need.${need}`, `directory ${entry.id}`);
  }
  const titles = new Set<string>();
  const bodies = new Set<string>();
  for (const flow of flows.values()) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      const texts = Array.isArray(node.text) ? node.text : [node.text];
      for (const k of texts) used.set(qualifyKey(k, flow.id), `${flow.id}.${id}`);
      if (node.options) for (const k of texts) bodies.add(qualifyKey(k, flow.id));
      for (const o of node.options ?? []) {
        const label = qualifyKey(o.label, flow.id);
        used.set(label, `${flow.id}.${id}.${o.id}`);
        titles.add(label);
        if (o.match) used.set(qualifyKey(o.match, flow.id), `${flow.id}.${id}.${o.id}`);
      }
    }
  }
  for (const k of ['common:nav.back', 'common:nav.menu', 'common:nav.more']) titles.add(k);
  for (const lng of languages) {
    const keys = locales.get(lng) ?? new Map<string, string>();
    for (const [key, where] of used) {
      const [ns, path] = key.split(':') as [string, string];
      const text = keys.get(key);
      if (text === undefined) {
        problems.push({
          file: localeFile(lng, ns),
          where: path,
          reason: `missing (used by ${where})`,
        });
      } else if (titles.has(key) && text.length > WHATSAPP.rowTitle) {
        problems.push({
          file: localeFile(lng, ns),
          where: path,
          reason: `an option title of ${text.length} characters; WhatsApp allows ${WHATSAPP.rowTitle}`,
        });
      } else if (bodies.has(key) && text.length > WHATSAPP.interactiveBody) {
        problems.push({
          file: localeFile(lng, ns),
          where: path,
          reason: `a menu text of ${text.length} characters; WhatsApp allows ${WHATSAPP.interactiveBody}`,
        });
      }
    }
    for (const key of keys.keys()) {
      if (!used.has(key)) {
        const [ns, path] = key.split(':') as [string, string];
        problems.push({
          file: localeFile(lng, ns),
          where: path,
          reason: 'no flow or code uses this key',
        });
      }
    }
  }
}

const DIRECTORY_FILE = 'flows/directory.json';
const LEXICON_FILE = 'flows/lexicon.json';
const REVIEW_FILE = 'flows/review.json';

function parseDirectory(raw: RawContent, problems: ContentProblem[]): DirectoryEntry[] {
  const parsed = DirectorySchema.safeParse(raw.directory);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file: DIRECTORY_FILE, where: issue.path.join('.'), reason: issue.message });
    }
    return [];
  }
  const seen = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (seen.has(entry.id)) {
      problems.push({ file: DIRECTORY_FILE, where: entry.id, reason: 'two entries share an id' });
    }
    seen.add(entry.id);
  }
  return parsed.data.entries;
}

function parseLexicon(raw: RawContent, problems: ContentProblem[]): Lexicon | undefined {
  const parsed = LexiconSchema.safeParse(raw.lexicon);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({ file: LEXICON_FILE, where: issue.path.join('.'), reason: issue.message });
  }
  return undefined;
}

/** WhatsApp shows at most 10 list rows and 3 buttons of 20 characters: menus must fit. */
function checkMenus(flows: Map<string, Flow>, problems: ContentProblem[]): void {
  for (const flow of flows.values()) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      // Every menu but the main one also shows "back".
      const rows = (node.options?.length ?? 0) + (flow.id === 'main' ? 0 : 1);
      if (node.options && rows > WHATSAPP.listRows) {
        problems.push({
          file: flowFile(flow.id),
          where: id,
          reason: `${rows} choices with navigation; WhatsApp lists show ${WHATSAPP.listRows}`,
        });
      }
    }
  }
}

/** Each node's directory selection names a known city or need and lists something. */
const PLACES_FILE = 'flows/places.json';

/** Coordinates only for towns the directory has: a place nobody can be sent to is a typo. */
function checkPlaces(raw: RawContent, entries: DirectoryEntry[], problems: ContentProblem[]): void {
  const parsed = PlacesSchema.safeParse(raw.places);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file: PLACES_FILE, where: issue.path.join('.'), reason: issue.message });
    }
    return;
  }
  const cities = new Set(entries.flatMap((e) => e.cities));
  for (const city of Object.keys(parsed.data.cities)) {
    if (!cities.has(city)) {
      problems.push({
        file: PLACES_FILE,
        where: `cities.${city}`,
        reason: 'no directory entry is in this town',
      });
    }
  }
}

function checkDirectory(
  flows: Map<string, Flow>,
  entries: DirectoryEntry[],
  problems: ContentProblem[],
): void {
  if (!entries.length) return;
  for (const flow of flows.values()) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (node.directory && !selectEntries(entries, node.directory).length) {
        problems.push({
          file: flowFile(flow.id),
          where: `${id}.directory`,
          reason: `no directory entry matches ${JSON.stringify(node.directory)}`,
        });
      }
    }
  }
}

/** Every concept a node is about has words in the lexicon, in every language or for all. */
function checkLexicon(
  flows: Map<string, Flow>,
  lexicon: Lexicon,
  languages: string[],
  problems: ContentProblem[],
): void {
  const used = new Set<string>();
  for (const flow of flows.values()) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      for (const concept of node.about ?? []) {
        used.add(concept);
        if (!lexicon.concepts[concept]) {
          problems.push({
            file: flowFile(flow.id),
            where: `${id}.about`,
            reason: `"${concept}" is not a concept of ${LEXICON_FILE}`,
          });
        }
      }
    }
  }
  for (const [concept, byLanguage] of Object.entries(lexicon.concepts)) {
    if (!used.has(concept)) {
      problems.push({
        file: LEXICON_FILE,
        where: concept,
        reason: 'no node is about this concept',
      });
    }
    if (byLanguage.any) continue;
    for (const lng of languages) {
      if (!byLanguage[lng]) {
        problems.push({
          file: LEXICON_FILE,
          where: `${concept}.${lng}`,
          reason: 'no words in this language',
        });
      }
    }
  }
  for (const lng of languages) {
    if (!lexicon.markers[lng]) {
      problems.push({
        file: LEXICON_FILE,
        where: `markers.${lng}`,
        reason: 'no words to recognise this language',
      });
    }
  }
}

/** Review marks must point at text that exists, or they hide nothing and reassure wrongly. */
function checkReview(
  raw: RawContent,
  locales: Map<string, Map<string, string>>,
  problems: ContentProblem[],
): void {
  const parsed = ReviewSchema.safeParse(raw.review);
  if (!parsed.success) {
    problems.push({ file: REVIEW_FILE, reason: parsed.error.issues[0]?.message ?? 'invalid' });
    return;
  }
  for (const [lng, mark] of Object.entries(parsed.data.languages)) {
    const keys = [...(locales.get(lng)?.keys() ?? [])];
    for (const pattern of mark.keys) {
      if (!keys.some((k) => reviewMatches(pattern, k))) {
        problems.push({
          file: REVIEW_FILE,
          where: `${lng}: ${pattern}`,
          reason: 'matches no text',
        });
      }
    }
  }
}

export const reviewMatches = (pattern: string, key: string): boolean =>
  pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;

/** What people receive: every SMS within the segment cap, every WhatsApp text within 4096. */
function checkRendered(raw: RawContent, languages: string[], problems: ContentProblem[]): void {
  // Rendering detects nothing: skip building the distress detector (most of the compile time).
  const content = compileContent(raw, { detect: () => null });
  for (const lng of languages) {
    for (const sms of smsFigures(content, lng)) {
      if (sms.cost.segments > SMS.maxSegments) {
        problems.push({
          file: `locales/${lng}`,
          where: sms.what,
          reason: `an SMS of ${sms.cost.segments} segments (${sms.cost.encoding}); at most ${SMS.maxSegments}: shorten a sentence`,
        });
      }
    }
    for (const flow of content.flows.values()) {
      for (const node of Object.keys(flow.nodes)) {
        const shown = interpret(content, lng, null, [], {
          kind: 'goto',
          to: { flow: flow.id, node },
        });
        for (const reply of shown.replies) {
          if (reply.text.length > WHATSAPP.textBody) {
            problems.push({
              file: `locales/${lng}`,
              where: `${flow.id}.${node}`,
              reason: `a text of ${reply.text.length} characters; WhatsApp allows ${WHATSAPP.textBody}`,
            });
          }
        }
      }
    }
  }
}
