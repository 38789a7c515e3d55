import { describe, expect, it } from 'vitest';
import { isGsm7, smsCost, toGsm7 } from './gsm7';

describe('GSM-7', () => {
  it('keeps the French accents GSM-7 has and transliterates the others', () => {
    expect(toGsm7('Où êtes-vous ? Ça va, garçon « très » bien…')).toBe(
      'Où etes-vous ? Ça va, garcon " très " bien...',
    );
  });

  it('maps Bambara letters to their usual ASCII spellings', () => {
    expect(toGsm7('N bɛ se ka ɲɔgɔn dɛmɛ, ŋaniya')).toBe('N be se ka nyogon deme, nganiya');
  });

  it('turns typographic apostrophes and non-breaking spaces into plain ones', () => {
    expect(toGsm7('l’aide\u00a0? d’accord')).toBe("l'aide ? d'accord");
  });

  it('counts 160 GSM-7 characters as one segment and 161 as two', () => {
    expect(smsCost('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsCost('a'.repeat(161)).segments).toBe(2);
    expect(smsCost('a'.repeat(306)).segments).toBe(2);
    expect(smsCost('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters as two septets', () => {
    expect(smsCost('€[]').units).toBe(6);
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    const cost = smsCost(`${'a'.repeat(69)}ê`);
    expect(cost).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsCost(`${'a'.repeat(70)}ê`).segments).toBe(2);
  });

  it('treats lower-case ç as outside GSM-7, as Twilio does', () => {
    expect(isGsm7('ç')).toBe(false);
    expect(isGsm7('Ç')).toBe(true);
  });

  it('leaves emoji alone, so the cost shows the UCS-2 price', () => {
    expect(toGsm7('ok 👍')).toBe('ok 👍');
    expect(smsCost('ok 👍').encoding).toBe('UCS-2');
  });
});
