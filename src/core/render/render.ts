import type { OptionView, Outbound, ReplyView, Surface } from '../messages';
import { WHATSAPP } from './limits';
import { type PartMark, smsTexts } from './sms-pages';

/** Localised words the renderers add themselves. */
export interface RenderLabels {
  /** The WhatsApp list button ("Choose"). */
  choose: string;
  /** The row that shows the next page of a long list ("More"). */
  more: string;
  /** The line ending each part of a long SMS ("(1/3) 0 = more"). */
  part: PartMark;
}

export interface RenderTarget {
  surface: Surface;
  /**
   * SMS: transliterate to GSM-7, where one ê makes the whole message cost double, and send long
   * replies in parts (see sms-pages).
   */
  gsm7: boolean;
  /**
   * SMS: whether the person can ask for a long reply's next part ("0"). When they can, one part
   * goes at a time; when they cannot, all of them at once.
   */
  paged: boolean;
}

/** Render a reply for a channel: numbered text, or WhatsApp buttons and lists. */
export function render(reply: ReplyView, target: RenderTarget, labels: RenderLabels): Outbound[] {
  if (target.gsm7) {
    return smsTexts(reply, labels.part, target.paged).map((text) => ({ kind: 'text', text }));
  }
  const { notice, ...view } = reply;
  const whole = notice ? { ...view, text: `${notice}\n\n${view.text}` } : view;
  return target.surface === 'interactive' ? interactive(whole, labels) : [numberedText(whole)];
}

/** Text followed by "1. Title" lines: works on any phone by typing a digit. */
export function numberedText(reply: ReplyView): Outbound {
  const lines = (reply.options ?? []).map((o, i) => `${i + 1}. ${o.title}`);
  return { kind: 'text', text: lines.length ? `${reply.text}\n${lines.join('\n')}` : reply.text };
}

function interactive(reply: ReplyView, labels: RenderLabels): Outbound[] {
  const options = reply.options ?? [];
  if (!options.length) return [{ kind: 'text', text: reply.text }];
  if (reply.text.length > WHATSAPP.interactiveBody) return [numberedText(reply)];
  const fits = (max: number) => options.every((o) => o.title.length <= max);
  const unique = new Set(options.map((o) => o.title)).size === options.length;
  if (options.length <= WHATSAPP.maxButtons && fits(WHATSAPP.buttonTitle) && unique) {
    return [{ kind: 'buttons', text: reply.text, buttons: options }];
  }
  if (fits(WHATSAPP.rowTitle) && labels.more.length <= WHATSAPP.rowTitle) {
    return [
      {
        kind: 'list',
        text: reply.text,
        button: labels.choose.slice(0, WHATSAPP.listButton),
        rows: pageOf(options, reply.page ?? 0, labels.more),
      },
    ];
  }
  // Titles too long for WhatsApp's widgets: numbered text never truncates anything.
  return [numberedText(reply)];
}

/** Rows of one page: all of them when they fit, else 9 and a "more" row, wrapping round. */
export function pageOf(options: readonly OptionView[], page: number, more: string): OptionView[] {
  if (options.length <= WHATSAPP.listRows) return [...options];
  const size = WHATSAPP.listRows - 1;
  const pages = Math.ceil(options.length / size);
  const start = (page % pages) * size;
  return [...options.slice(start, start + size), { id: 'nav.more', title: more }];
}
