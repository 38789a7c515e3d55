import type { NodeRef } from '../flows/content';
import type { Flow } from '../flows/schema';
import type { Lexicon } from './lexicon';
import { tokens } from './tokens';

/**
 * Free-text retrieval over the content: a question is turned into concepts through the lexicon
 * (every language at once, since people mix them), and the nodes whose `about` concepts it
 * covers best are ranked. No external service, no model: a small table built once at start-up.
 */
export interface SearchIndex {
  nodes: IndexedNode[];
  /** Phrases by their first word. */
  phrases: Map<string, Phrase[]>;
  /** Words ending in `*` in the lexicon, without the star. */
  prefixes: { stem: string; concept: string }[];
  /** Single words long enough to forgive one typo. */
  fuzzy: { word: string; concept: string }[];
  weight: Map<string, number>;
}

interface IndexedNode {
  ref: NodeRef;
  about: string[];
}

interface Phrase {
  words: string[];
  concept: string;
}

export interface Hit {
  ref: NodeRef;
  score: number;
}

/** A word this long or longer may differ by one letter from the lexicon ("centr", "rapatrimen"). */
const FUZZY_MIN = 5;
/** How much a concept of the node that the question does not mention counts against it. */
const UNMATCHED_COST = 0.35;

export function buildIndex(flows: Iterable<Flow>, lexicon: Lexicon): SearchIndex {
  const nodes: IndexedNode[] = [];
  for (const flow of flows) {
    for (const [node, def] of Object.entries(flow.nodes)) {
      if (def.about) nodes.push({ ref: { flow: flow.id, node }, about: def.about });
    }
  }
  const df = new Map<string, number>();
  for (const n of nodes) for (const c of n.about) df.set(c, (df.get(c) ?? 0) + 1);
  const weight = new Map<string, number>();
  for (const [c, count] of df) weight.set(c, 1 + Math.log(nodes.length / count));

  const phrases = new Map<string, Phrase[]>();
  const prefixes: SearchIndex['prefixes'] = [];
  const fuzzy: SearchIndex['fuzzy'] = [];
  for (const [concept, byLanguage] of Object.entries(lexicon.concepts)) {
    for (const raw of Object.values(byLanguage).flat()) {
      if (raw.endsWith('*')) {
        const stem = tokens(raw.slice(0, -1))[0];
        if (stem) prefixes.push({ stem, concept });
        continue;
      }
      const words = tokens(raw);
      const first = words[0];
      if (!first) continue;
      const list = phrases.get(first) ?? [];
      list.push({ words, concept });
      phrases.set(first, list);
      if (words.length === 1 && first.length >= FUZZY_MIN) fuzzy.push({ word: first, concept });
    }
  }
  return { nodes, phrases, prefixes, fuzzy, weight };
}

/**
 * The concepts a message mentions. The longest phrase starting at a word wins and covers its
 * words ("travail forcé" is trafficking, not also "travail"); a word no phrase starts with may
 * still match a stem or, when long enough, a word one typo away.
 */
export function conceptsOf(index: SearchIndex, text: string): Set<string> {
  const words = tokens(text);
  const found = new Set<string>();
  for (let i = 0; i < words.length; ) {
    const word = words[i] as string;
    // Two passes over the phrases starting with this word, not filter and map: this runs for
    // every word of every free-text message, and the arrays were a twentieth of a message's
    // garbage in the bench's heap profile.
    const candidates = index.phrases.get(word) ?? NO_PHRASES;
    let longest = 0;
    for (const p of candidates) {
      if (p.words.length > longest && startsAt(words, i, p)) longest = p.words.length;
    }
    for (const p of candidates) {
      if (p.words.length === longest && startsAt(words, i, p)) found.add(p.concept);
    }
    for (const p of index.prefixes) if (word.startsWith(p.stem)) found.add(p.concept);
    if (!longest && word.length >= FUZZY_MIN) {
      for (const f of index.fuzzy) if (withinOneEdit(word, f.word)) found.add(f.concept);
    }
    i += Math.max(1, longest);
  }
  return found;
}

const NO_PHRASES: readonly Phrase[] = [];

/** Whether `phrase` is written in `words` from position `at`. */
function startsAt(words: readonly string[], at: number, phrase: Phrase): boolean {
  return phrase.words.every((w, k) => words[at + k] === w);
}

/** Nodes ranked for a message, best first; empty when nothing in it is known. */
export function search(index: SearchIndex, text: string): Hit[] {
  const asked = conceptsOf(index, text);
  if (!asked.size) return [];
  const hits: (Hit & { size: number; order: number })[] = [];
  index.nodes.forEach((n, order) => {
    let score = 0;
    let matched = 0;
    for (const c of n.about) {
      const w = index.weight.get(c) ?? 1;
      if (asked.has(c)) {
        score += w;
        matched++;
      } else score -= UNMATCHED_COST * w;
    }
    if (matched) hits.push({ ref: n.ref, score, size: n.about.length, order });
  });
  hits.sort((a, b) => b.score - a.score || a.size - b.size || a.order - b.order);
  return hits.map(({ ref, score }) => ({ ref, score }));
}

export type Decision =
  | { kind: 'answer'; ref: NodeRef }
  | { kind: 'offer'; refs: NodeRef[] }
  | { kind: 'none' };

/** A clear winner is answered; close runners-up are offered as choices; nothing is "not understood". */
const MARGIN = 0.9;
const OFFER_MAX = 3;

export function decide(hits: readonly Hit[]): Decision {
  const [top, second] = hits;
  if (!top || top.score <= 0) return { kind: 'none' };
  if (!second || top.score - second.score >= MARGIN) return { kind: 'answer', ref: top.ref };
  const close = hits.filter((h) => h.score > 0 && top.score - h.score < MARGIN * 2);
  return { kind: 'offer', refs: close.slice(0, OFFER_MAX).map((h) => h.ref) };
}

/** True when `a` becomes `b` by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
