import { describe, expect, it } from 'vitest';
import { createNormaliser } from './normalise';

const normalise = createNormaliser(
  { jsuis: 'je suis', pls: 'please', u: 'you', '2day': 'today', abg: 'abeg', im: 'i am' },
  (t) => t === 'kill' || t === 'help',
);

describe('normalise', () => {
  it('lower-cases, strips accents and punctuation', () => {
    expect(normalise('AIDEZ-MOI, SVP !!! Ça urge…')).toEqual(['aidez', 'moi', 'svp', 'ca', 'urge']);
  });

  it('maps Bambara letters to their phone spellings', () => {
    expect(normalise('Aw ye n magɛn')).toEqual(['aw', 'ye', 'n', 'magen']);
    expect(normalise('ɲini ŋa kɔngɔ')).toEqual(['nyini', 'nga', 'kongo']);
    expect(normalise('N dèmè')).toEqual(normalise('n dɛmɛ'));
  });

  it('reads French-style Bambara spellings (ou, dj, gn) as the standard ones', () => {
    expect(normalise('u ye n bougo')).toEqual(normalise('ou ye n bugɔ'));
    expect(normalise('djon')).toEqual(normalise('jɔn'));
    expect(normalise('gnini')).toEqual(normalise('ɲini'));
  });

  it('collapses letters typed three or more times but keeps doubles', () => {
    expect(normalise('aideeez moiiii')).toEqual(['aidez', 'moi']);
    expect(normalise('helppp')).toEqual(['help']);
    expect(normalise('n siranna kosebe')).toEqual(['n', 'siranna', 'kosebe']);
  });

  it('drops apostrophes, so typed and omitted ones meet', () => {
    expect(normalise("j'ai peur")).toEqual(normalise('jai peur'));
    expect(normalise('on m’a frappé')).toEqual(normalise('on ma frappe'));
    expect(normalise("n b'a fɛ")).toEqual(['n', 'ba', 'fe']);
  });

  it('expands SMS spellings from the table, before and after de-emphasis', () => {
    expect(normalise('jsuis perdu pls')).toEqual(['je', 'suis', 'perdu', 'please']);
    expect(normalise('plsss help u 2day')).toEqual(['please', 'help', 'yu', 'today']);
    expect(normalise("I'm lost")).toEqual(['i', 'am', 'lost']);
  });

  it('reads digits as letters only inside words that mix both', () => {
    expect(normalise('h3lp m3')).toEqual(['help', 'me']);
    expect(normalise('d4nger')).toEqual(['danger']);
    expect(normalise('k1ll')).toEqual(['kill']);
    expect(normalise('j ai 15 ans, 1000 cfa')).toEqual(['j', 'ai', '15', 'ans', '1000', 'cfa']);
  });

  it('returns no tokens for empty or symbol-only text', () => {
    expect(normalise('')).toEqual([]);
    expect(normalise('?!… 🙏')).toEqual([]);
  });
});
