import type { Effect } from '../effects';
import { type Content, resolveRef } from '../flows/content';
import { type FlowInput, type FlowResult, gotoId, interpret } from '../flows/interpret';
import { nearest } from '../flows/places';
import { decide, search } from '../search/search';
import { fold } from '../text';
import type { ConversationContext } from './context';
import type { Input } from './events';

/**
 * The pure work behind the machine's actions: each turn takes the context and an input and
 * returns the context changes and the effects. The machine decides which turn runs; these
 * functions decide what it says.
 */
export interface Turn {
  patch: Partial<ConversationContext>;
  effects: Effect[];
}

const LANGUAGE_PREFIX = 'lang.';

/** The language menu, in every language at once since we do not know the person's yet. */
export function askLanguage(content: Content): Turn {
  const text = content.languages.map((l) => content.t(l.code, 'common:language.prompt')).join('\n');
  const options = content.languages.map((l) => ({
    id: `${LANGUAGE_PREFIX}${l.code}`,
    title: l.name,
  }));
  return { patch: {}, effects: [{ type: 'reply', reply: { text, options } }] };
}

/** The language an input picks: a tapped option, its number, its name or its code. */
export function pickedLanguage(content: Content, input: Input): string | undefined {
  const languages = content.languages;
  if (input.kind === 'choice') {
    const code = input.id.startsWith(LANGUAGE_PREFIX) ? input.id.slice(LANGUAGE_PREFIX.length) : '';
    return languages.find((l) => l.code === code)?.code;
  }
  if (input.kind !== 'text') return undefined;
  const folded = fold(input.text);
  if (/^\d$/.test(folded)) return languages[Number(folded) - 1]?.code;
  return languages.find((l) => fold(l.name) === folded || l.code === folded)?.code;
}

/** Set the language and show where the person was, or the main menu. */
export function chooseLanguage(content: Content, ctx: ConversationContext, lng: string): Turn {
  const turn = withNotice(content, { ...ctx, lng }, 'common:language.chosen');
  return { ...turn, patch: { lng, ...turn.patch } };
}

/**
 * A first message clearly written in one language: answer in it without asking, saying how to
 * change. A question gets its answer (or the choices search offers); anything else the menu.
 */
export function startInLanguage(
  content: Content,
  ctx: ConversationContext,
  lng: string,
  text: string,
): Turn {
  const notice: Effect = {
    type: 'reply',
    reply: { text: content.t(lng, 'common:language.detected') },
  };
  const turn =
    answer(content, { ...ctx, lng }, text) ??
    show(interpret(content, lng, null, [], { kind: 'enter' }));
  return { patch: { lng, ...turn.patch }, effects: [notice, ...turn.effects] };
}

/**
 * Move through the content. Text that selects no option is searched for in the content; only
 * what search cannot place either gets "not understood" and the screen again.
 */
export function navigate(content: Content, ctx: ConversationContext, input: Input): Turn {
  const lng = ctx.lng as string;
  const result = interpret(
    content,
    lng,
    ctx.pos,
    ctx.hist,
    pickedOffer(ctx, input) ?? toFlowInput(input),
  );
  if (!result.understood && input.kind === 'text') {
    const answered = answer(content, ctx, input.text);
    if (answered) return answered;
  }
  const notice: Effect[] = result.understood
    ? []
    : [{ type: 'reply', reply: { text: content.t(lng, 'common:not_understood') } }];
  return { patch: moved(result), effects: [...notice, ...flowEffects(result)] };
}

/** The next part of a long SMS answer ("0"): the same screen, one part further. */
export function nextPart(content: Content, ctx: ConversationContext): Turn {
  const lng = ctx.lng as string;
  const result = interpret(content, lng, ctx.pos, ctx.hist, { kind: 'enter' });
  const part = (ctx.part ?? 0) + 1;
  const replies = result.replies.map((reply, i, all) =>
    i === all.length - 1 ? { ...reply, part } : reply,
  );
  return {
    patch: { ...moved(result), part },
    effects: flowEffects({ ...result, replies }),
  };
}

/**
 * Answer a question from the content: go straight to a clear best match (so back and menu work
 * from there), offer the two or three closest when unsure, or nothing when search knows none.
 */
function answer(content: Content, ctx: ConversationContext, text: string): Turn | undefined {
  const lng = ctx.lng as string;
  const decision = decide(search(content.search, text));
  if (decision.kind === 'answer') {
    return show(interpret(content, lng, ctx.pos, ctx.hist, { kind: 'goto', to: decision.ref }));
  }
  if (decision.kind === 'none') return undefined;
  const offered = decision.refs.flatMap((ref) => {
    const title = content.titles.get(`${ref.flow}.${ref.node}`);
    return title ? [{ id: gotoId(ref), title: content.t(lng, title), ref }] : [];
  });
  if (!offered.length) return undefined;
  return {
    patch: { offer: offered.map((o) => `${o.ref.flow}.${o.ref.node}`), part: undefined },
    effects: [
      {
        type: 'reply',
        reply: {
          text: content.t(lng, 'common:search.offer'),
          options: offered.map(({ id, title }) => ({ id, title })),
        },
      },
    ],
  };
}

/**
 * A shared location: the towns of the directory nearest to it, with their distance, offered as
 * choices that open each town's list of places (digits pick them, as for search offers).
 */
export function nearby(content: Content, ctx: ConversationContext, lat: number, lon: number): Turn {
  const lng = ctx.lng as string;
  const near = nearest(content.places, { lat, lon }).flatMap(({ place, km }) => {
    const title = content.titles.get(`${place.node.flow}.${place.node.node}`);
    return title ? [{ ref: place.node, title: content.t(lng, title), km }] : [];
  });
  if (!near.length) return cannotRead(content, ctx);
  return {
    patch: { offer: near.map((n) => `${n.ref.flow}.${n.ref.node}`), part: undefined },
    effects: [
      {
        type: 'reply',
        reply: {
          text: content.t(lng, 'common:location.nearest'),
          options: near.map((n) => ({
            id: gotoId(n.ref),
            title: content.t(lng, 'common:location.item', { place: n.title, km: n.km }),
          })),
        },
      },
    ],
  };
}

/** A digit answering the search choices just offered. */
function pickedOffer(ctx: ConversationContext, input: Input): FlowInput | undefined {
  if (!ctx.offer || input.kind !== 'text' || !/^\d$/.test(input.text)) return undefined;
  const ref = ctx.offer[Number(input.text) - 1];
  return ref ? { kind: 'goto', to: resolveRef(ref, '') } : undefined;
}

const show = (result: FlowResult): Turn => ({ patch: moved(result), effects: flowEffects(result) });

/** The context after moving: a new position, and no pending choices or parts. */
function moved(result: FlowResult): Partial<ConversationContext> {
  return { pos: result.position, hist: result.history, offer: undefined, part: undefined };
}

/** A short explanation of how the line works, then the current screen again. */
export function help(content: Content, ctx: ConversationContext): Turn {
  return withNotice(content, ctx, 'common:help');
}

/**
 * The one reply to STOP, in the person's language (the first language before they chose one).
 * After it the conversation is silent until START: see the machine's `optedOut` state.
 */
export function optOut(content: Content, ctx: ConversationContext): Turn {
  const lng = ctx.lng ?? content.languages[0]?.code ?? 'en';
  const text = content.t(lng, 'common:optout.confirmed');
  return { patch: {}, effects: [{ type: 'reply', reply: { text } }] };
}

/** START after STOP: a confirmation, then the screen where the person was. */
export function resume(content: Content, ctx: ConversationContext): Turn {
  return withNotice(content, ctx, 'common:optout.resumed');
}

/** Media and other messages the bot cannot read: say what it can do, then the screen again. */
export function cannotRead(content: Content, ctx: ConversationContext): Turn {
  return withNotice(content, ctx, 'common:cannot_read');
}

/** A short notice, then the screen where the person is (the main menu if nowhere yet). */
export function withNotice(
  content: Content,
  ctx: ConversationContext,
  key: string,
  vars?: Record<string, unknown>,
): Turn {
  const lng = ctx.lng as string;
  const result = interpret(content, lng, ctx.pos, ctx.hist, { kind: 'enter' });
  return {
    patch: moved(result),
    effects: [
      { type: 'reply', reply: { text: content.t(lng, key, vars) } },
      ...flowEffects(result),
    ],
  };
}

function toFlowInput(input: Input): FlowInput {
  switch (input.kind) {
    case 'command':
      return input.command === 'back' ? { kind: 'back' } : { kind: 'menu' };
    case 'choice':
      return { kind: 'choice', id: input.id };
    case 'text':
      return { kind: 'text', text: input.text };
    default:
      return { kind: 'enter' };
  }
}

function flowEffects(result: FlowResult): Effect[] {
  return [
    ...result.problems.map((problem): Effect => ({ type: 'problem', problem })),
    ...result.replies.map((reply): Effect => ({ type: 'reply', reply })),
  ];
}
