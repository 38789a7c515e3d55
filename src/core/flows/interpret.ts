import { derivedPer } from '../cache';
import type { OptionView, ReplyView } from '../messages';
import { fold } from '../text';
import { type Content, findNode, type NodeRef, qualifyKey, resolveRef } from './content';
import { directoryLines } from './directory';
import type { FlowNode } from './schema';

/** Where a person is in the content: a node, and which page of its options is shown. */
export interface Position extends NodeRef {
  page?: number;
}

/** What the interpreter is asked to do, already classified by the step. */
export type FlowInput =
  | { kind: 'enter' }
  | { kind: 'menu' }
  | { kind: 'back' }
  /** A tapped button or list row: the option id as we sent it. */
  | { kind: 'choice'; id: string }
  /** Typed text; digits select the numbered option. */
  | { kind: 'text'; text: string }
  /** Go to a node found another way (a search result), keeping "back" to where the person was. */
  | { kind: 'goto'; to: NodeRef };

export interface Problem {
  code: 'flow.node_missing' | 'flow.loop';
  detail: string;
}

export interface FlowResult {
  position: Position;
  /** Previous positions for "back", most recent last. */
  history: string[];
  replies: ReplyView[];
  problems: Problem[];
  /** True when the input selected nothing: the caller may try other interpretations. */
  understood: boolean;
}

/** Ids of the navigation options added by the interpreter, never by content. */
export const NAV = { back: 'nav.back', menu: 'nav.menu', more: 'nav.more' } as const;

/**
 * Choices that name their target node, `goto.flow.node`: how search results are offered, and
 * followed from any screen since they say where they lead.
 */
export const GOTO_PREFIX = 'goto.';
export const gotoId = (ref: NodeRef) => `${GOTO_PREFIX}${ref.flow}.${ref.node}`;

const HISTORY_LIMIT = 6;
/** A chain of `next` longer than this is a content loop; stop and report it. */
const MAX_CHAIN = 5;

const refString = (p: NodeRef) => `${p.flow}.${p.node}`;

export function interpret(
  content: Content,
  lng: string,
  from: Position | null,
  history: readonly string[],
  input: FlowInput,
): FlowResult {
  const problems: Problem[] = [];
  const here = from && findNode(content, from) ? from : null;
  if (from && !here) {
    problems.push({ code: 'flow.node_missing', detail: refString(from) });
  }
  const entry = content.entry;
  const start = (target: NodeRef, hist: string[]) =>
    show(content, lng, target, hist, problems, true);

  const pushed = here ? [...history, refString(here)].slice(-HISTORY_LIMIT) : [];
  if (input.kind === 'goto') return start(input.to, pushed);
  const target = gotoTarget(content, input);
  if (target) return start(target, pushed);

  if (!here || input.kind === 'menu') return start(entry, []);
  // Re-show where the person is, for instance after a language change.
  if (input.kind === 'enter') return start(here, [...history]);
  if (input.kind === 'back') return start(resolveBack(history, entry, here), history.slice(0, -1));

  const node = findNode(content, here) as FlowNode;
  const view = viewOf(content, lng, here, node);
  const picked =
    input.kind === 'choice'
      ? pickById(view.options, input.id)
      : pickByText(content, lng, view, input.text);

  if (picked === NAV.menu) return start(entry, []);
  if (picked === NAV.back) return start(resolveBack(history, entry, here), history.slice(0, -1));
  if (picked === NAV.more) {
    return show(content, lng, here, [...history], problems, true, (here.page ?? 0) + 1);
  }
  if (picked) {
    const option = node.options?.find((o) => o.id === picked);
    if (option) return start(resolveRef(option.next, here.flow), pushed);
  }
  // A button from an older menu names its node: follow it, it is a clear intent.
  if (input.kind === 'choice') {
    const stale = followStale(content, input.id);
    if (stale) return start(stale, pushed);
  }
  return show(content, lng, here, [...history], problems, false, here.page ?? 0);
}

/** The node a `goto.flow.node` choice names, when it exists. */
function gotoTarget(content: Content, input: FlowInput): NodeRef | undefined {
  if (input.kind !== 'choice' || !input.id.startsWith(GOTO_PREFIX)) return undefined;
  const to = resolveRef(input.id.slice(GOTO_PREFIX.length), '');
  return to.flow && findNode(content, to) ? to : undefined;
}

function resolveBack(history: readonly string[], entry: NodeRef, here: NodeRef): NodeRef {
  const previous = history.at(-1);
  return previous ? resolveRef(previous, here.flow) : entry;
}

/** Render `target` (following `next` chains) into replies. */
function show(
  content: Content,
  lng: string,
  target: NodeRef,
  history: string[],
  problems: Problem[],
  understood: boolean,
  page = 0,
): FlowResult {
  const replies: ReplyView[] = [];
  let at: NodeRef = target;
  for (let hops = 0; ; hops++) {
    const node = findNode(content, at);
    if (!node) {
      problems.push({ code: 'flow.node_missing', detail: refString(at) });
      at = content.entry;
      history = [];
      continue;
    }
    const { text, options } = viewOf(content, lng, at, node);
    if (node.next && hops < MAX_CHAIN) {
      replies.push({ text });
      at = resolveRef(node.next, at.flow);
      continue;
    }
    if (node.next) problems.push({ code: 'flow.loop', detail: refString(at) });
    replies.push(page ? { text, options, page } : { text, options });
    return { position: page ? { ...at, page } : at, history, replies, problems, understood };
  }
}

function t(content: Content, lng: string, key: string): string {
  return content.t(lng, key);
}

/** What a node shows in one language: its text, its options and their titles folded for matching. */
interface NodeView {
  text: string;
  options: readonly OptionView[];
  folded: readonly string[];
}

/**
 * Node views by content, language and node: content never changes while it runs, and building
 * a view (i18next lookups, the directory's lines, folding every title) was a fifth of a step
 * in the bench profile. Bounded by the content itself (languages × nodes); frozen, so no
 * caller can change what the next one gets.
 */
const views = derivedPer<Content, NodeView>();

function viewOf(content: Content, lng: string, at: NodeRef, node: FlowNode): NodeView {
  return views(content, `${lng}\u0000${refString(at)}`, () => {
    const options = optionsOf(content, lng, at, node).map((o) => Object.freeze(o));
    return Object.freeze({
      text: textOf(content, lng, at, node),
      options: Object.freeze(options),
      folded: Object.freeze(options.map((o) => fold(o.title))),
    });
  });
}

/** The node's texts; directory entries come after the first one (the introduction). */
function textOf(content: Content, lng: string, at: NodeRef, node: FlowNode): string {
  const keys = Array.isArray(node.text) ? node.text : [node.text];
  const parts = keys.map((k) => content.t(lng, qualifyKey(k, at.flow)));
  if (node.directory) {
    const lines = directoryLines(content.directory, node.directory, (k) => content.t(lng, k));
    if (lines) parts.splice(1, 0, lines);
  }
  return parts.join('\n');
}

/**
 * The options a node shows: its own, then navigation. A menu other than the entry gets "back";
 * an answer (no options) gets "back" and "main menu".
 */
export function optionsOf(
  content: Content,
  lng: string,
  at: NodeRef,
  node: FlowNode,
): OptionView[] {
  const own = (node.options ?? []).map((o) => ({
    id: `${at.flow}.${at.node}.${o.id}`,
    title: content.t(lng, qualifyKey(o.label, at.flow)),
  }));
  const isEntry = at.flow === content.entry.flow && at.node === content.entry.node;
  if (isEntry) return own;
  const nav: OptionView[] = [{ id: NAV.back, title: t(content, lng, 'common:nav.back') }];
  if (!node.options) nav.push({ id: NAV.menu, title: t(content, lng, 'common:nav.menu') });
  return [...own, ...nav];
}

/** Option ids are sent as `flow.node.option`; navigation ids as `nav.*`. */
function pickById(options: readonly OptionView[], id: string): string | undefined {
  if (id === NAV.more) return NAV.more;
  const hit = options.find((o) => o.id === id);
  return hit ? localId(hit.id) : undefined;
}

function localId(id: string): string {
  return id.startsWith('nav.') ? id : (id.split('.').at(-1) as string);
}

function pickByText(
  content: Content,
  lng: string,
  view: NodeView,
  text: string,
): string | undefined {
  const folded = fold(text);
  if (/^\d{1,2}$/.test(folded)) {
    const hit = view.options[Number(folded) - 1];
    return hit ? localId(hit.id) : undefined;
  }
  if (!folded) return undefined;
  const hit = view.options.find(
    (o, i) => view.folded[i] === folded || matchWords(content, lng, o.id).has(folded),
  );
  return hit ? localId(hit.id) : undefined;
}

/** Extra words that select an option, from its `match` key (comma-separated, any case). */
function matchWords(content: Content, lng: string, optionId: string): ReadonlySet<string> {
  const [flow, node, id] = optionId.split('.');
  if (!flow || !node || !id || flow === 'nav') return new Set();
  const option = content.flows.get(flow)?.nodes[node]?.options?.find((o) => o.id === id);
  if (!option?.match) return new Set();
  return content.words(lng, qualifyKey(option.match, flow));
}

function followStale(content: Content, id: string): NodeRef | undefined {
  const [flow, node, option] = id.split('.');
  if (!flow || !node || !option) return undefined;
  const found = content.flows.get(flow)?.nodes[node]?.options?.find((o) => o.id === option);
  if (!found) return undefined;
  const target = resolveRef(found.next, flow);
  return findNode(content, target) ? target : undefined;
}
