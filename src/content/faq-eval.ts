import * as z from 'zod';
import type { Content } from '../core/flows/content';
import { search } from '../core/search/search';

/** A labelled question: what a person typed and the node (`flow.node`) that answers it. */
export const FaqSetSchema = z.strictObject({
  note: z.string().optional(),
  questions: z.array(
    z.strictObject({ lng: z.string(), text: z.string(), expect: z.string().regex(/^\w+\.\w+$/) }),
  ),
});

export interface FaqScore {
  lng: string;
  total: number;
  top1: number;
  top3: number;
  /** Questions whose answer was not first, for whoever tunes the lexicon. */
  misses: { text: string; expect: string; got: string[] }[];
}

/** Top-1 and top-3 accuracy of free-text search on a labelled set, per language. */
export function evaluateFaq(content: Content, set: z.infer<typeof FaqSetSchema>): FaqScore[] {
  const scores = new Map<string, FaqScore>();
  for (const q of set.questions) {
    const score = scores.get(q.lng) ?? { lng: q.lng, total: 0, top1: 0, top3: 0, misses: [] };
    scores.set(q.lng, score);
    const ranked = search(content.search, q.text).map((h) => `${h.ref.flow}.${h.ref.node}`);
    score.total++;
    if (ranked[0] === q.expect) score.top1++;
    else score.misses.push({ text: q.text, expect: q.expect, got: ranked.slice(0, 3) });
    if (ranked.slice(0, 3).includes(q.expect)) score.top3++;
  }
  return [...scores.values()];
}
