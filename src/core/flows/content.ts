import type { Detector } from '../distress';
import type { Lexicon } from '../search/lexicon';
import type { SearchIndex } from '../search/search';
import type { DirectoryEntry } from './directory';
import type { Place } from './places';
import type { Flow, FlowNode } from './schema';

/**
 * The global commands that work from every state, whatever the flow. `more` asks for the next
 * page of a long SMS answer ("0", "suite"). `stop` and `start` are the opt-out keywords (STOP,
 * ARRET, FIN…): see the `optedOut` state of the conversation machine. `erase` asks to erase
 * everything kept about the person (EFFACER, DELETE), `privacy` shows the privacy notice again,
 * and `safe` is the phone-safety word (METEO, WEATHER): a neutral reply and away from the topic.
 */
export const COMMANDS = [
  'menu',
  'back',
  'help',
  'language',
  'more',
  'stop',
  'start',
  'erase',
  'privacy',
  'safe',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface Language {
  code: string;
  /** The language's own name for itself, shown in the language menu. */
  name: string;
}

/** Translate a qualified key (`namespace:key`) in a language, with interpolation values. */
export type Translate = (lng: string, key: string, vars?: Record<string, unknown>) => string;

/**
 * Everything the core needs to know about the content, validated and compiled once at start-up
 * (see src/content). Pure data plus a translate function; the core never loads files.
 */
export interface Content {
  /** A short hash of flows/ and locales/, stored with each record. */
  rev: string;
  flows: ReadonlyMap<string, Flow>;
  /** Where a person lands after choosing a language, and on "menu". */
  entry: { flow: string; node: string };
  languages: readonly Language[];
  /** Folded keywords per command, across every language. */
  commands: ReadonlyMap<string, Command>;
  t: Translate;
  /**
   * The folded words of a comma-separated list text (option synonyms, yes/no words), parsed once
   * per language and key rather than on every message.
   */
  words: (lng: string, key: string) => ReadonlySet<string>;
  directory: readonly DirectoryEntry[];
  lexicon: Lexicon;
  search: SearchIndex;
  /**
   * For each node a menu leads to (`flow.node`), the label key of the first option that does:
   * how a search result is named when it is offered as a choice.
   */
  titles: ReadonlyMap<string, string>;
  /** The towns of the directory with their coordinates and node, for "nearest to you". */
  places: readonly Place[];
  /** Distress detection over the lexicon in flows/distress/, compiled once. */
  detect: Detector;
}

export interface NodeRef {
  flow: string;
  node: string;
}

/** Resolve `node` or `flow.node` relative to the flow it appears in. */
export function resolveRef(ref: string, fromFlow: string): NodeRef {
  const dot = ref.indexOf('.');
  return dot < 0
    ? { flow: fromFlow, node: ref }
    : { flow: ref.slice(0, dot), node: ref.slice(dot + 1) };
}

/** Qualify `key` with the flow's namespace unless it names one. */
export const qualifyKey = (key: string, flow: string): string =>
  key.includes(':') ? key : `${flow}:${key}`;

export function findNode(content: Content, ref: NodeRef): FlowNode | undefined {
  return content.flows.get(ref.flow)?.nodes[ref.node];
}
