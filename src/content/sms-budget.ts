import { escalationText, offerReply, resumedText } from '../core/conversation/handoff-turns';
import type { HotlineStatus } from '../core/conversation/events';
import { askErase } from '../core/conversation/privacy-turns';
import { askLanguage } from '../core/conversation/turns';
import { CATEGORIES } from '../core/distress';
import { type Content, resolveRef } from '../core/flows/content';
import { gotoId, interpret } from '../core/flows/interpret';
import type { ReplyView } from '../core/messages';
import { type SmsCost, smsCost } from '../core/render/gsm7';
import { type PartMark, smsParts, smsTexts } from '../core/render/sms-pages';
import { mergeReplies } from '../core/step';

/** One SMS the bot can send, named by what makes it, with its cost. */
export interface SmsFigure {
  what: string;
  text: string;
  cost: SmsCost;
}

/**
 * Every SMS the bot can send in a language: the language menu, each screen of every flow (all
 * its parts), each notice with the main menu, and the widest search offer. What the content
 * check prints and what it holds to the segment budget.
 */
export function smsFigures(content: Content, lng: string): SmsFigure[] {
  const out: SmsFigure[] = [];
  const add = (what: string, texts: readonly string[]) => {
    texts.forEach((text, i) => {
      const name = texts.length > 1 ? `${what} ${i + 1}/${texts.length}` : what;
      out.push({ what: name, text, cost: smsCost(text) });
    });
  };
  const mark = (n: number, total: number) => content.t(lng, 'common:nav.part', { n, total });

  const language = askLanguage(content).effects[0];
  if (language?.type === 'reply') add('language menu', smsParts(language.reply, mark));

  for (const flow of content.flows.values()) {
    for (const node of Object.keys(flow.nodes)) {
      const shown = interpret(content, lng, null, [], {
        kind: 'goto',
        to: { flow: flow.id, node },
      });
      for (const view of mergeReplies(shown.replies)) {
        add(`${flow.id}.${node}`, smsParts(view, mark));
      }
    }
  }

  const entry = mergeReplies(interpret(content, lng, null, [], { kind: 'enter' }).replies).at(-1);
  if (entry) {
    for (const key of [
      'common:language.chosen',
      'common:language.detected',
      'common:not_understood',
      'common:help',
      'common:cannot_read',
      'handoff:declined',
      'handoff:closed',
    ]) {
      add(`${key} + menu`, smsTexts({ ...entry, notice: content.t(lng, key) }, mark, true));
    }
    // The first screen in a language: the choice and the privacy notice, then the menu (counted
    // above). The days are three digits, the longest the configuration allows.
    const notice = content.t(lng, 'privacy:notice', { days: 365, hotlineDays: 365 });
    const chosen = content.t(lng, 'common:language.chosen');
    add('language.chosen + privacy notice', smsParts({ text: `${chosen}\n\n${notice}` }, mark));
  }
  const erase = askErase(content, lng).effects[0];
  if (erase?.type === 'reply') add('privacy:erase.confirm', smsParts(erase.reply, mark));
  for (const key of ['erase.done', 'erase.cancelled', 'safe']) {
    add(`privacy:${key}`, smsParts({ text: content.t(lng, `privacy:${key}`) }, mark));
  }
  add('search offer (widest)', smsParts(widestOffer(content, lng), mark));
  escalations(content, lng, mark, add);
  return out;
}

/**
 * What someone in distress receives, in every category, as it is sent (whole, in numbered
 * parts: none of it is a screen of the flows): the reply that opens an escalation while the
 * team is there, and while it is away (the costliest of its variants: no opening time known,
 * or any weekday's); the offer of a person after HELP (the longer kind); the reply while they
 * wait; and START during an escalation.
 */
function escalations(
  content: Content,
  lng: string,
  mark: PartMark,
  add: (what: string, texts: readonly string[]) => void,
) {
  const whole = (text: string) => smsTexts({ text }, mark, false);
  // 4 January 2026 was a Sunday (day 0): each day's opening at 08:00, Mali time (UTC).
  const away: HotlineStatus[] = [
    { open: false },
    ...[0, 1, 2, 3, 4, 5, 6].map((d) => ({ open: false, opensAt: Date.UTC(2026, 0, 4 + d, 8) })),
  ];
  for (const category of CATEGORIES) {
    add(
      `handoff: ${category}, team there`,
      whole(escalationText(content, lng, category, { open: true })),
    );
    const variants = away.map((hotline) => whole(escalationText(content, lng, category, hotline)));
    add(`handoff: ${category}, team away`, costliest(variants));
    const offer = offerReply(content, lng, category, true);
    add(`handoff: offer after HELP, ${category}`, smsTexts(offer, mark, false));
  }
  add('handoff:waiting', whole(content.t(lng, 'handoff:waiting')));
  add('START during an escalation', whole(resumedText(content, lng)));
}

/** The variant that costs the most: the most segments in all, then the most characters. */
function costliest(variants: readonly (readonly string[])[]): readonly string[] {
  const cost = (texts: readonly string[]) =>
    texts.reduce((sum, text) => {
      const c = smsCost(text);
      return sum + c.segments * 10_000 + c.units;
    }, 0);
  return variants.reduce((a, b) => (cost(b) > cost(a) ? b : a));
}

/** The search offer with the three longest titles: the costliest one search can send. */
function widestOffer(content: Content, lng: string): ReplyView {
  const titles = [...content.titles]
    .map(([ref, key]) => ({ id: gotoId(resolveRef(ref, '')), title: content.t(lng, key) }))
    .sort((a, b) => b.title.length - a.title.length)
    .slice(0, 3);
  return { text: content.t(lng, 'common:search.offer'), options: titles };
}
