import { askErase } from '../core/conversation/privacy-turns';
import { askLanguage } from '../core/conversation/turns';
import { type Content, resolveRef } from '../core/flows/content';
import { gotoId, interpret } from '../core/flows/interpret';
import type { ReplyView } from '../core/messages';
import { type SmsCost, smsCost } from '../core/render/gsm7';
import { smsParts, smsTexts } from '../core/render/sms-pages';
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
      'language.chosen',
      'language.detected',
      'not_understood',
      'help',
      'cannot_read',
    ]) {
      add(
        `${key} + menu`,
        smsTexts({ ...entry, notice: content.t(lng, `common:${key}`) }, mark, true),
      );
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
  return out;
}

/** The search offer with the three longest titles: the costliest one search can send. */
function widestOffer(content: Content, lng: string): ReplyView {
  const titles = [...content.titles]
    .map(([ref, key]) => ({ id: gotoId(resolveRef(ref, '')), title: content.t(lng, key) }))
    .sort((a, b) => b.title.length - a.title.length)
    .slice(0, 3);
  return { text: content.t(lng, 'common:search.offer'), options: titles };
}
