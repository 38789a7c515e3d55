import type { DistressCategory, Language, Severity } from '../distress';
import type { Effect } from '../effects';
import type { Content } from '../flows/content';
import type { ReplyView } from '../messages';
import { clean, fold } from '../text';
import type { ConversationContext } from './context';
import type { AgentEvent, HotlineStatus, InputEvent } from './events';
import { type AgentAction, type Handoff, severityRank } from './handoff';
import { type Turn, withNotice } from './turns';

/** The bot says "help is coming" again only after this long without saying it. */
export const ACK_INTERVAL_MS = 10 * 60_000;

/** Harms where whoever holds the phone may be the danger: the reply adds a phone-safety tip. */
const PHONE_TIP: ReadonlySet<DistressCategory> = new Set([
  'danger',
  'sexual_violence',
  'trafficking',
  'detention',
]);

export const YES = 'handoff.yes';
export const NO = 'handoff.no';

interface Found {
  category: DistressCategory;
  severity: Severity;
}

/** The person's language, or the one their message was detected in, or the first we have. */
export function languageOf(
  content: Content,
  ctx: ConversationContext,
  detected?: Language,
): string {
  if (ctx.lng) return ctx.lng;
  const known = content.languages.find((l) => l.code === detected);
  return known?.code ?? content.languages[0]?.code ?? 'en';
}

/**
 * Open an escalation: one short, calm reply (acknowledge, a person will answer or when, the
 * documented emergency numbers and that other help exists for those who fear the police, a
 * phone-safety tip where it matters) and the handoff record.
 * Never cheerful, never a question about what happened.
 */
export function escalate(
  e: InputEvent,
  ctx: ConversationContext,
  found: Found,
  prior?: string | null,
): Turn {
  const lng = languageOf(e.content, ctx, e.detection?.language);
  const handoff: Handoff = {
    id: e.newId(),
    category: found.category,
    severity: found.severity,
    openedAt: e.now,
    agent: null,
    ackAt: e.now,
    transcript: prior ? [{ at: e.now, from: 'person', text: prior }] : [],
    notes: [],
  };
  return {
    patch: { lng, handoff, asked: undefined, offer: undefined, part: undefined },
    effects: [
      { type: 'reply', reply: { text: escalationText(e.content, lng, found.category, e.hotline) } },
      {
        type: 'handoff.opened',
        id: handoff.id,
        category: found.category,
        severity: found.severity,
      },
    ],
  };
}

/** The reply that opens an escalation (see `escalate`); the content check counts its SMS. */
export function escalationText(
  content: Content,
  lng: string,
  category: DistressCategory,
  hotline: HotlineStatus,
): string {
  const t = (key: string) => content.t(lng, key);
  return [
    t(`handoff:safe.${category}`),
    hotline.open ? t('handoff:coming') : offHours(content, lng, hotline),
    t('handoff:emergency'),
    // Never the police as the only way: people without papers may fear them (shared facts B1).
    t('handoff:other_help'),
    ...(PHONE_TIP.has(category) ? [t('handoff:phone_tip')] : []),
  ].join('\n');
}

function offHours(content: Content, lng: string, hotline: HotlineStatus): string {
  if (hotline.opensAt === undefined) return content.t(lng, 'handoff:closed_now');
  const at = new Date(hotline.opensAt);
  // Mali keeps UTC all year, so the UTC clock is the local one.
  const day = content.t(lng, `handoff:days.${at.getUTCDay()}`);
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return content.t(lng, 'handoff:off_hours', { opens: `${day} ${time}` });
}

/** Something worrying but not urgent: ask once whether they want a person now. */
export function offerHelp(e: InputEvent, ctx: ConversationContext, found: Found): Turn {
  const lng = languageOf(e.content, ctx, e.detection?.language);
  // The HELP keyword lands here too (see step.ts): it also gets how the line works.
  const isHelp = e.input.kind === 'command' && e.input.command === 'help';
  return {
    patch: { lng, asked: { ...found, text: e.text } },
    effects: [{ type: 'reply', reply: offerReply(e.content, lng, found.category, isHelp) }],
  };
}

/** "Do you want a person now?" with yes and no (see `offerHelp`); the content check counts it. */
export function offerReply(
  content: Content,
  lng: string,
  category: DistressCategory,
  isHelp: boolean,
): ReplyView {
  const t = (key: string) => content.t(lng, key);
  const question = t(`handoff:offer.${category}`);
  return {
    text: isHelp ? `${t('common:help')}\n${question}` : question,
    options: [
      { id: YES, title: t('handoff:yes') },
      { id: NO, title: t('handoff:no') },
    ],
  };
}

/** The answer to that question: the button, its number, or a yes/no word in their language. */
export function answerTo(e: InputEvent, ctx: ConversationContext): 'yes' | 'no' | undefined {
  const input = e.input;
  if (input.kind === 'choice') return input.id === YES ? 'yes' : input.id === NO ? 'no' : undefined;
  if (input.kind !== 'text') return undefined;
  const typed = fold(input.text);
  if (typed === '1') return 'yes';
  if (typed === '2') return 'no';
  const lng = languageOf(e.content, ctx);
  if (e.content.words(lng, 'handoff:yes_words').has(typed)) return 'yes';
  if (e.content.words(lng, 'handoff:no_words').has(typed)) return 'no';
  return undefined;
}

/** "No" to the question: say the offer stands, then the screen where they were. */
export function decline(e: InputEvent, ctx: ConversationContext): Turn {
  const lng = languageOf(e.content, ctx);
  const turn = withNotice(e.content, { ...ctx, lng }, 'handoff:declined');
  return { ...turn, patch: { ...turn.patch, lng, asked: undefined } };
}

/**
 * A message while the hotline has the conversation: kept for the worker (step adds it to the
 * transcript), a short "help is coming" at most every ACK_INTERVAL_MS, and a more urgent
 * category lifts the escalation in the queue.
 */
export function whileHandedOff(e: InputEvent, ctx: ConversationContext): Turn {
  const lifted = liftEscalation(e, ctx.handoff as Handoff);
  let next = lifted.patch.handoff ?? (ctx.handoff as Handoff);
  const effects = [...lifted.effects];
  if (e.now - next.ackAt >= ACK_INTERVAL_MS && !next.agent) {
    const lng = languageOf(e.content, ctx);
    effects.push({ type: 'reply', reply: { text: e.content.t(lng, 'handoff:waiting') } });
    next = { ...next, ackAt: e.now };
  }
  return { patch: next === ctx.handoff ? {} : { handoff: next }, effects };
}

/**
 * An open escalation after a message that may say more: moved up to the message's category
 * when that is more urgent (the queue re-sorts, staff are alerted), else left as it was.
 */
export function liftEscalation(e: InputEvent, handoff: Handoff): Turn {
  const found = e.detection;
  if (!found || severityRank(found.severity) <= severityRank(handoff.severity)) {
    return { patch: {}, effects: [] };
  }
  return {
    patch: { handoff: { ...handoff, category: found.category, severity: found.severity } },
    effects: [
      {
        type: 'handoff.updated',
        id: handoff.id,
        category: found.category,
        severity: found.severity,
      },
    ],
  };
}

/** What a hotline worker does, except closing (see `closeHandoff`). */
export function agentTurn(e: AgentEvent, ctx: ConversationContext): Turn {
  const handoff = ctx.handoff as Handoff;
  const action: AgentAction = e.action;
  switch (action.kind) {
    case 'claim':
      return { patch: { handoff: { ...handoff, agent: action.agent } }, effects: [] };
    case 'transfer':
      return { patch: { handoff: { ...handoff, agent: action.to } }, effects: [] };
    case 'note': {
      const note = { at: e.now, agent: action.agent, text: clean(action.text) };
      return { patch: { handoff: { ...handoff, notes: [...handoff.notes, note] } }, effects: [] };
    }
    case 'reply':
      return {
        // A person from the team has answered: no automatic "help is coming" after this.
        patch: { handoff: { ...handoff, ackAt: e.now } },
        effects: [{ type: 'reply', reply: { text: clean(action.text) }, agent: action.agent }],
      };
    case 'sms':
      return {
        patch: { handoff: { ...handoff, ackAt: e.now } },
        effects: [{ type: 'sms', text: clean(action.text), agent: action.agent }],
      };
    case 'reengage':
      return {
        patch: { handoff: { ...handoff, ackAt: e.now } },
        effects: [{ type: 'template', ...action.template, agent: action.agent }],
      };
    case 'close':
      return closeHandoff(e, ctx);
  }
}

/** The worker closes with an outcome: the person is told and is back with the bot. */
export function closeHandoff(e: AgentEvent, ctx: ConversationContext): Turn {
  const turn = withNotice(e.content, ctx, 'handoff:closed');
  return {
    patch: { ...turn.patch, handoff: undefined },
    effects: [...turn.effects, closed(e, ctx)],
  };
}

/** Closing after the person sent STOP: archived and off the queue, and nothing said to them. */
export function closeUnheard(e: AgentEvent, ctx: ConversationContext): Turn {
  return { patch: { handoff: undefined }, effects: [closed(e, ctx)] };
}

function closed(e: AgentEvent, ctx: ConversationContext): Effect {
  const handoff = ctx.handoff as Handoff;
  const outcome = e.action.kind === 'close' ? e.action.outcome : 'other';
  return { type: 'handoff.closed', id: handoff.id, outcome };
}

/**
 * START after STOP while an escalation is still open: a confirmation, and the hotline goes on
 * where it was (the person is not sent back to the menus).
 */
export function resumeWithHotline(e: InputEvent, ctx: ConversationContext): Turn {
  const text = resumedText(e.content, languageOf(e.content, ctx));
  return { patch: {}, effects: [{ type: 'reply', reply: { text } }] };
}

/** What START says during an escalation; the content check counts its SMS. */
export const resumedText = (content: Content, lng: string): string =>
  [content.t(lng, 'common:optout.resumed'), content.t(lng, 'handoff:coming')].join('\n');
