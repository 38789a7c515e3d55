/**
 * Scores a detector against labelled messages: what eval-distress prints and eval.test asserts.
 * Recall counts a distress message as caught when the detector fires at all, since any category
 * hands the person to a worker; agreement with the labelled category is reported beside it.
 */
import * as z from 'zod';
import type { Detector } from './detect';
import { CATEGORIES, type DistressCategory, LANGUAGES, type Language } from './lexicon';

export const labelledSchema = z.strictObject({
  text: z.string(),
  lang: z.enum(LANGUAGES),
  category: z.enum(CATEGORIES).nullable(),
});
export type Labelled = z.infer<typeof labelledSchema>;

export interface Rate {
  hits: number;
  total: number;
  /** hits / total, 1 when total is 0. */
  rate: number;
}

export interface EvalReport {
  recall: Rate;
  /** Caught with the labelled category. */
  categoryAgreement: Rate;
  byCategory: Record<DistressCategory, Rate>;
  byLanguage: Record<Language, Rate>;
  /** Benign messages the detector fired on. */
  falsePositive: Rate;
  misses: Labelled[];
  falsePositives: Array<Labelled & { got: DistressCategory }>;
  wrongCategory: Array<Labelled & { got: DistressCategory }>;
}

export const TARGETS = { recall: 0.97, categoryRecall: 0.9, falsePositive: 0.03 } as const;

export function parseLabelled(jsonl: string): Labelled[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = labelledSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function evaluate(detect: Detector, cases: readonly Labelled[]): EvalReport {
  const counter = () => ({ hits: 0, total: 0 });
  const recall = counter();
  const agreement = counter();
  const fp = counter();
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, counter()]));
  const byLanguage = Object.fromEntries(LANGUAGES.map((l) => [l, counter()]));
  const report: Pick<EvalReport, 'misses' | 'falsePositives' | 'wrongCategory'> = {
    misses: [],
    falsePositives: [],
    wrongCategory: [],
  };

  for (const c of cases) {
    const got = detect(c.text)?.category;
    if (c.category === null) {
      fp.total += 1;
      if (got) {
        fp.hits += 1;
        report.falsePositives.push({ ...c, got });
      }
      continue;
    }
    for (const rate of [recall, agreement, byCategory[c.category]!, byLanguage[c.lang]!]) {
      rate.total += 1;
    }
    if (!got) {
      report.misses.push(c);
      continue;
    }
    for (const rate of [recall, byCategory[c.category]!, byLanguage[c.lang]!]) rate.hits += 1;
    if (got === c.category) agreement.hits += 1;
    else report.wrongCategory.push({ ...c, got });
  }

  const rate = (r: { hits: number; total: number }): Rate => ({
    ...r,
    rate: r.total === 0 ? 1 : r.hits / r.total,
  });
  const rates = <K extends string>(m: Record<string, { hits: number; total: number }>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, rate(v)])) as Record<K, Rate>;
  return {
    recall: rate(recall),
    categoryAgreement: rate(agreement),
    byCategory: rates<DistressCategory>(byCategory),
    byLanguage: rates<Language>(byLanguage),
    falsePositive: rate(fp),
    ...report,
  };
}

/** Which targets a report misses, in words; empty when all are met. */
export function failedTargets(report: EvalReport): string[] {
  const failed: string[] = [];
  if (report.recall.rate < TARGETS.recall) failed.push(`overall recall below ${TARGETS.recall}`);
  for (const [category, r] of Object.entries(report.byCategory)) {
    if (r.rate < TARGETS.categoryRecall) {
      failed.push(`${category} recall below ${TARGETS.categoryRecall}`);
    }
  }
  if (report.falsePositive.rate > TARGETS.falsePositive) {
    failed.push(`false-positive rate above ${TARGETS.falsePositive}`);
  }
  return failed;
}
