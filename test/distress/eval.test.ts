/**
 * The detector against the labelled set (targets in core/distress/evaluate.ts), the must-catch
 * list, and look-alikes that must stay quiet. `npm run -s eval:distress` prints the details.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/content/distress';
import { createDetector } from '../../src/core/distress';
import { evaluate, failedTargets, parseLabelled } from '../../src/core/distress/evaluate';
import mustCatch from './must-catch.json' with { type: 'json' };

const detect = createDetector(loadLexicon());
const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('labelled set', () => {
  const cases = parseLabelled(read('labelled.jsonl'));
  const report = evaluate(detect, cases);

  it('is large and benign enough to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(report.falsePositive.total / cases.length).toBeGreaterThanOrEqual(0.4);
    for (const rate of [...Object.values(report.byCategory), ...Object.values(report.byLanguage)]) {
      expect(rate.total).toBeGreaterThan(0);
    }
  });

  it('meets the recall and false-positive targets', () => {
    expect(
      failedTargets(report),
      JSON.stringify(report.misses.concat(report.falsePositives)),
    ).toEqual([]);
  });
});

describe('must-catch list', () => {
  it.each(mustCatch.cases)('$text -> $category', ({ text, category }) => {
    expect(detect(text)?.category).toBe(category);
  });
});

describe('look-alikes stay quiet', () => {
  it.each([
    'is the desert dangerous?',
    "c'est dangereux la route ?",
    'Quel est le risque de mourir dans le désert ?',
    'ce match m’a tué',
    "I'm dying to see my family",
    'mort de rire',
    'je suis mort de fatigue',
    'my phone don die',
    'I die! I don die for laugh',
    "Ala k'i dɛmɛ",
    'Allah ka i dèmè',
    'I want to help my friend find a centre',
    'je veux aider mon ami qui a été frappé, ou aller ?',
    'Abeg help me with information',
    'Good morning madam',
    "J'ai 15 ans d'expérience en maçonnerie",
    "I'm 17 km from Gao",
    'Mon passeport a expiré, comment le renouveler ?',
    'Je rembourse ma dette à la tontine',
    'quels sont les numéros d’urgence ?',
  ])('%s', (text) => {
    expect(detect(text)).toBeNull();
  });
});

describe('severity', () => {
  it('is medium for a request for a person and high for immediate danger', () => {
    expect(detect('je veux parler à quelqu’un')?.severity).toBe('medium');
    expect(detect('au secours')?.severity).toBe('high');
  });

  it('fires on another person in danger now', () => {
    expect(detect('my sister dey for hospital she no fit breathe')?.category).toBe('medical');
    expect(detect('mon ami est enfermé')).not.toBeNull();
  });

  it('is not suppressed by negation or question form for suicide and danger', () => {
    expect(detect('est-ce que je devrais me tuer ?')?.category).toBe('suicide');
    expect(detect("I don't want to live anymore")?.category).toBe('suicide');
    expect(detect('am I going to die? they are beating me')).not.toBeNull();
  });
});
