import type { Effect } from '../effects';
import type { Content } from '../flows/content';
import { fold } from '../text';
import type { ConversationContext } from './context';
import type { InputEvent, Retention } from './events';
import { languageOf, liftEscalation } from './handoff-turns';
import { askLanguage, type Turn, withNotice } from './turns';

/**
 * Bump when the privacy notice says something materially new: everyone sees it once more.
 * The context keeps the version a person was shown (`ConversationContext.notice`), not the text.
 */
export const NOTICE_VERSION = 1;

export const ERASE_YES = 'erase.yes';
export const ERASE_NO = 'erase.no';

/** The privacy notice in a language, with the retention the deployment is configured for. */
function notice(content: Content, lng: string, keep: Retention): Effect {
  return { type: 'reply', reply: { text: content.t(lng, 'privacy:notice', retentionVars(keep)) } };
}

const retentionVars = (keep: Retention) => ({
  days: keep.conversationDays,
  hotlineDays: keep.transcriptDays,
});

/**
 * The first screen a person sees in their language carries the privacy notice, once per
 * notice version: right after the turn's first line ("All right, in English."), before the
 * screen itself, so on SMS it rides in the same message or just before it.
 */
export function withPrivacyNotice(
  e: { content: Content; keep: Retention },
  ctx: ConversationContext,
  lng: string,
  turn: Turn,
): Turn {
  if (ctx.notice === NOTICE_VERSION) return turn;
  const [first, ...rest] = turn.effects;
  return {
    patch: { ...turn.patch, notice: NOTICE_VERSION },
    effects: [...(first ? [first] : []), notice(e.content, lng, e.keep), ...rest],
  };
}

/**
 * PRIVACY (CONFIDENTIALITE…): the notice again. With a language, then the screen where the
 * person is; before one, in every language at once beside the language menu; while the hotline
 * has the conversation, the notice alone (the bot does not show menus then).
 */
export function showPrivacy(e: InputEvent, ctx: ConversationContext, withScreen: boolean): Turn {
  if (!ctx.lng) {
    const all = e.content.languages.map((l) => notice(e.content, l.code, e.keep));
    const menu = askLanguage(e.content);
    return { patch: {}, effects: [...all, ...menu.effects] };
  }
  if (!withScreen) return { patch: {}, effects: [notice(e.content, ctx.lng, e.keep)] };
  const turn = withNotice(e.content, ctx, 'privacy:notice', retentionVars(e.keep));
  // Leaving the question of offeringHelp: what prompted it need not be kept any longer.
  return { ...turn, patch: { ...turn.patch, asked: undefined } };
}

/** DELETE (EFFACER…): ask once, plainly, before anything is erased. */
export function askErase(content: Content, lng: string): Turn {
  const t = (key: string) => content.t(lng, key);
  return {
    patch: { asked: undefined, offer: undefined, part: undefined },
    effects: [
      {
        type: 'reply',
        reply: {
          text: t('privacy:erase.confirm'),
          options: [
            { id: ERASE_YES, title: t('privacy:erase.yes') },
            { id: ERASE_NO, title: t('privacy:erase.no') },
          ],
        },
      },
    ],
  };
}

/**
 * Only a clear yes erases: the button, its number on SMS, or a yes word of the person's
 * language. Anything else, including DELETE sent twice by mistake, cancels.
 */
export function confirmsErase(e: InputEvent, ctx: ConversationContext): boolean {
  const input = e.input;
  if (input.kind === 'choice') return input.id === ERASE_YES;
  if (input.kind !== 'text') return false;
  const typed = fold(input.text);
  if (typed === '1') return true;
  return e.content.words(languageOf(e.content, ctx), 'privacy:erase.yes_words').has(typed);
}

/**
 * Confirmed: the last reply, and the `erase` effect. `step` keeps nothing of the context (see
 * its erased record) and the shell removes everything else kept under the person's key.
 */
export function erase(e: InputEvent, ctx: ConversationContext): Turn {
  const lng = languageOf(e.content, ctx);
  return {
    patch: {},
    effects: [
      { type: 'reply', reply: { text: e.content.t(lng, 'privacy:erase.done') } },
      { type: 'erase', ...(ctx.handoff ? { handoff: ctx.handoff.id } : {}) },
    ],
  };
}

/** Not confirmed: say nothing was erased, then where the person was. */
export function cancelErase(e: InputEvent, ctx: ConversationContext): Turn {
  const lng = languageOf(e.content, ctx);
  const cancelled: Effect = {
    type: 'reply',
    reply: { text: e.content.t(lng, 'privacy:erase.cancelled') },
  };
  if (ctx.handoff) {
    // Whatever else the answer says is for the hotline: danger in it lifts the escalation.
    const lifted = liftEscalation(e, ctx.handoff);
    return { patch: lifted.patch, effects: [cancelled, ...lifted.effects] };
  }
  if (!ctx.lng) return { patch: {}, effects: [cancelled, ...askLanguage(e.content).effects] };
  return withNotice(e.content, ctx, 'privacy:erase.cancelled');
}

/**
 * The phone-safety word (METEO, WEATHER…), for someone whose phone is being looked at: a
 * neutral line and nothing else, so the last thing on the screen says nothing. The person is
 * taken off the current topic (to the main menu, not shown: a digit next picks from it) and
 * any pending question, offer or part is dropped. It never escalates: the machine checks it
 * before distress.
 */
export function phoneSafe(e: InputEvent, ctx: ConversationContext): Turn {
  const lng = languageOf(e.content, ctx);
  return {
    patch: {
      pos: { ...e.content.entry },
      hist: [],
      offer: undefined,
      part: undefined,
      asked: undefined,
    },
    effects: [{ type: 'reply', reply: { text: e.content.t(lng, 'privacy:safe') } }],
  };
}
