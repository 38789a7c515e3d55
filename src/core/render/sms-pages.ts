import { derivedPer } from '../cache';
import type { ReplyView } from '../messages';
import { smsCost, toGsm7 } from './gsm7';
import { SMS } from './limits';

/** "(1/3) 0 = more": the line that ends every part but the last, in the person's language. */
export type PartMark = (n: number, total: number) => string;

interface Piece {
  /** What joined this piece to the one before it in the text. */
  sep: string;
  body: string;
}

/**
 * Parts already worked out, per mark function (the runtime keeps one per language, see
 * step.ts) and per text: the same menus and answers go out all day, and splitting them
 * (transliterate, count segments, try each cut) was a quarter of a step in the bench profile.
 * The result depends only on the key, so the cache changes nothing but the cost; bounded,
 * since replies can quote what people typed.
 */
const splits = derivedPer<PartMark, readonly string[]>(2_000);

/**
 * A reply as the SMS it becomes: transliterated to GSM-7 and, when it would need more than
 * `SMS.pageSegments` segments, split between sentences or lines into parts that each fit,
 * the numbered options staying on the last part. Never cut inside a sentence: a sentence too
 * long for a part stays whole, and the content check reports it when it passes `maxSegments`.
 */
export function smsParts(
  reply: ReplyView,
  mark: PartMark,
  budget = SMS.pageSegments,
): readonly string[] {
  const titles = (reply.options ?? []).map((o) => o.title);
  const key = [budget, reply.text, ...titles].join('\u0000');
  return splits(mark, key, () => Object.freeze(split(reply.text, titles, mark, budget)));
}

function split(body: string, titles: readonly string[], mark: PartMark, budget: number): string[] {
  const text = toGsm7(body);
  const tail = toGsm7(titles.map((title, i) => `${i + 1}. ${title}`).join('\n'));
  const whole = tail ? `${text}\n${tail}` : text;
  if (smsCost(whole).segments <= budget) return [whole];

  const pieces = sentences(text);
  if (tail) pieces.push({ sep: '\n', body: tail });
  // Room for the widest mark, so a part never overflows once numbered.
  const room = `\n${toGsm7(mark(9, 9))}`;
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}${piece.sep}${piece.body}` : piece.body;
    if (!current || smsCost(joined + room).segments <= budget) current = joined;
    else {
      parts.push(current);
      current = piece.body;
    }
  }
  parts.push(current);
  return parts.map((p, i) =>
    i < parts.length - 1 ? `${p}\n${toGsm7(mark(i + 1, parts.length))}` : p,
  );
}

/**
 * The parts of a reply that goes out whole are numbered, with nothing to type: they all come at
 * once. Digits and a slash read the same in every language.
 */
const numbered: PartMark = (n, total) => `(${n}/${total})`;

/**
 * The SMS to send for a reply. Paged: the part asked for, or the last when the person asks past
 * the end. Not paged: every part at once, numbered. A notice rides on the first part when both
 * fit the budget, else goes just before it.
 */
export function smsTexts(reply: ReplyView, mark: PartMark, paged: boolean): string[] {
  if (!paged) return noticeFirst(reply.notice, smsParts(reply, numbered));
  const parts = smsParts(reply, mark);
  const index = Math.min(reply.part ?? 0, parts.length - 1);
  const part = parts[index] as string;
  return index > 0 ? [part] : noticeFirst(reply.notice, [part]);
}

function noticeFirst(notice: string | undefined, parts: readonly string[]): string[] {
  if (!notice) return [...parts];
  const [first, ...rest] = parts;
  const text = toGsm7(notice);
  const together = `${text}\n${first}`;
  return smsCost(together).segments <= SMS.pageSegments ? [together, ...rest] : [text, ...parts];
}

function sentences(text: string): Piece[] {
  const pieces: Piece[] = [];
  text.split(/\n+/).forEach((line, l) => {
    line.split(/(?<=[.!?])\s+(?=\S)/).forEach((body, s) => {
      if (body) pieces.push({ sep: s ? ' ' : l ? '\n' : '', body });
    });
  });
  return pieces;
}
