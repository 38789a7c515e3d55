import type { Effect } from '../effects';
import type { Content } from '../flows/content';
import { type FlowInput, interpret } from '../flows/interpret';
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
  const result = interpret(content, lng, ctx.pos, ctx.hist, { kind: 'enter' });
  return {
    patch: { lng, pos: result.position, hist: result.history },
    effects: [
      { type: 'reply', reply: { text: content.t(lng, 'common:language.chosen') } },
      ...flowEffects(result),
    ],
  };
}

/** Move through the content. Input the flow does not understand gets a short notice first. */
export function navigate(content: Content, ctx: ConversationContext, input: Input): Turn {
  const lng = ctx.lng as string;
  const result = interpret(content, lng, ctx.pos, ctx.hist, toFlowInput(input));
  const notice: Effect[] = result.understood
    ? []
    : [{ type: 'reply', reply: { text: content.t(lng, 'common:not_understood') } }];
  return {
    patch: { pos: result.position, hist: result.history },
    effects: [...notice, ...flowEffects(result)],
  };
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

function withNotice(content: Content, ctx: ConversationContext, key: string): Turn {
  const lng = ctx.lng as string;
  const result = interpret(content, lng, ctx.pos, ctx.hist, { kind: 'enter' });
  return {
    patch: { pos: result.position, hist: result.history },
    effects: [{ type: 'reply', reply: { text: content.t(lng, key) } }, ...flowEffects(result)],
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

function flowEffects(result: ReturnType<typeof interpret>): Effect[] {
  return [
    ...result.problems.map((problem): Effect => ({ type: 'problem', problem })),
    ...result.replies.map((reply): Effect => ({ type: 'reply', reply })),
  ];
}
