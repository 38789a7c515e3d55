import { describe, expect, it } from 'vitest';
import { smsCost } from './gsm7';
import { SMS } from './limits';
import { smsParts, smsTexts } from './sms-pages';

const mark = (n: number, total: number) => `(${n}/${total}) 0 = suite`;
const sentence = (i: number) => `Phrase numéro ${i} qui dit une chose utile à la personne.`;
const long = Array.from({ length: 20 }, (_, i) => sentence(i)).join(' ');
const options = [
  { id: 'nav.back', title: 'Retour' },
  { id: 'nav.menu', title: 'Menu' },
];

describe('SMS parts', () => {
  it('sends a short reply whole, transliterated, with its numbered options', () => {
    expect(smsParts({ text: 'Où êtes-vous ?', options }, mark)).toEqual([
      'Où etes-vous ?\n1. Retour\n2. Menu',
    ]);
  });

  it('splits a long reply between sentences, each part within the budget', () => {
    const parts = smsParts({ text: long, options }, mark);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(smsCost(part).segments).toBeLessThanOrEqual(SMS.pageSegments);
    parts.slice(0, -1).forEach((p, i) => {
      expect(p.endsWith(mark(i + 1, parts.length))).toBe(true);
    });
    expect(parts.at(-1)?.endsWith('1. Retour\n2. Menu')).toBe(true);
    // Nothing is lost or cut: every sentence is in exactly one part.
    for (let i = 0; i < 20; i++) {
      expect(parts.filter((p) => p.includes(sentence(i))).length).toBe(1);
    }
  });

  it('gives the part asked for, and the last one past the end', () => {
    const parts = smsParts({ text: long, options }, mark);
    expect(smsTexts({ text: long, options, part: 1 }, mark, true)).toEqual([parts[1]]);
    expect(smsTexts({ text: long, options, part: 99 }, mark, true)).toEqual([parts.at(-1)]);
  });

  it('sends every part at once, numbered, where nobody can ask for the next', () => {
    const whole = smsTexts({ text: long, options }, mark, false);
    expect(whole.length).toBeGreaterThan(1);
    whole.forEach((text, i) => {
      expect(smsCost(text).segments).toBeLessThanOrEqual(SMS.pageSegments);
      if (i < whole.length - 1) expect(text.endsWith(`\n(${i + 1}/${whole.length})`)).toBe(true);
      expect(text).not.toContain('0 = suite');
    });
    for (let i = 0; i < 20; i++) {
      expect(whole.filter((p) => p.includes(sentence(i))).length).toBe(1);
    }
    const noticed = smsTexts({ text: long, options, notice: 'Hors des heures.' }, mark, false);
    expect(noticed.join('\n')).toBe(`Hors des heures.\n${whole.join('\n')}`);
  });

  it('splits the same way with or without a notice', () => {
    const plain = smsTexts({ text: long, options }, mark, true);
    const noticed = smsTexts({ text: long, options, notice: "Je n'ai pas compris." }, mark, true);
    expect(noticed.at(-1)).toBe(plain[0]);
  });

  it("splits a reply seen before in another language with that language's marks", () => {
    const english = (n: number, total: number) => `(${n}/${total}) 0 = more`;
    const french = smsParts({ text: long, options }, mark);
    const parts = smsParts({ text: long, options }, english);
    expect(parts[0]?.endsWith(english(1, parts.length))).toBe(true);
    expect(smsParts({ text: long, options }, mark)).toEqual(french);
    // Options are part of what is split: other titles, other parts.
    const other = smsParts({ text: long, options: [{ id: 'nav.back', title: 'Back' }] }, mark);
    expect(other.at(-1)?.endsWith('1. Back')).toBe(true);
  });

  it('keeps a sentence too long for a part whole rather than cutting it', () => {
    const huge = `${'mot '.repeat(200).trim()}.`;
    expect(smsParts({ text: huge }, mark)).toEqual([huge]);
  });
});
