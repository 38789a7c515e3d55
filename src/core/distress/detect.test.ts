import { describe, expect, it } from 'vitest';
import { createDetector } from './detect';
import { expandAlternatives, type Lexicon, parseLexicon } from './lexicon';

/** A tiny lexicon so each rule of the matcher is visible in the test. */
const lexicon: Lexicon = parseLexicon({
  categories: {
    order: [
      'suicide',
      'child_alone',
      'sexual_violence',
      'trafficking',
      'detention',
      'medical',
      'danger',
      'stranded',
      'human_request',
    ],
    severity: {
      suicide: 'high',
      child_alone: 'high',
      sexual_violence: 'high',
      trafficking: 'high',
      detention: 'high',
      medical: 'high',
      danger: 'high',
      stranded: 'medium',
      human_request: 'medium',
    },
  },
  spellings: { spellings: { jsuis: 'je suis', pls: 'please' } },
  languages: [
    {
      language: 'en',
      not: ['dying to (see|go)'],
      categories: {
        danger: {
          phrases: ['help', '(they|he) beat me', 'i am in danger'],
          not: ['help my friend (find|get)', '(is|are) the (desert|road) dangerous'],
        },
        suicide: { phrases: ['want to die'] },
        trafficking: { phrases: ['(is|are) (locked|enfermee)'] },
        medical: { phrases: [{ text: 'can not breathe', review: true }, 'dying'] },
        human_request: { phrases: ['talk to a person'] },
      },
    },
    {
      language: 'fr',
      categories: {
        danger: { phrases: ['je suis en danger', 'dangerous'] },
        detention: { phrases: ['kidnappee'] },
      },
    },
  ],
});
const detect = createDetector(lexicon);

describe('createDetector', () => {
  it('returns null when nothing matches', () => {
    expect(detect('where is the centre?')).toBeNull();
    expect(detect('')).toBeNull();
  });

  it('reports category, severity and the language of the matched entry', () => {
    expect(detect('Help!!')).toEqual({ category: 'danger', severity: 'high', language: 'en' });
    expect(detect('talk to a person pls')).toEqual({
      category: 'human_request',
      severity: 'medium',
      language: 'en',
    });
    expect(detect('jsuis en danger')?.language).toBe('fr');
  });

  it('tolerates one extra word inside a phrase, not two', () => {
    expect(detect('they don beat me')?.category).toBe('danger');
    expect(detect('they beat me')?.category).toBe('danger');
    expect(detect('they did not really beat me')).toBeNull();
  });

  it('matches phrases typed without spaces, on word boundaries only', () => {
    expect(detect('jesuisendanger')?.language).toBe('fr');
    expect(detect('theybeatme')?.category).toBe('danger');
    expect(detect('helpful people')).toBeNull();
  });

  it('forgives typos in long words only', () => {
    expect(detect('i was kidnapee')?.category).toBe('detention');
    expect(detect('they beat mi')).toBeNull();
  });

  it('lets a look-alike cancel only the phrases it overlaps', () => {
    expect(detect('is the desert dangerous?')).toBeNull();
    expect(detect('I want to help my friend find a centre')).toBeNull();
    expect(detect('help my friend find a centre, they beat me')?.category).toBe('danger');
    expect(detect("I'm dying to see my family")).toBeNull();
  });

  it('does not let negation or a question suppress a hit', () => {
    expect(detect('do I want to die?')?.category).toBe('suicide');
    expect(detect('i am in danger?')?.category).toBe('danger');
  });

  it('fires on a third person in danger now', () => {
    expect(detect('my sister is locked')?.category).toBe('trafficking');
    expect(detect('she can not breathe')?.category).toBe('medical');
  });

  it('picks the category first in the order when several match', () => {
    expect(detect('help, they beat me and I want to die')?.category).toBe('suicide');
    expect(detect('help I can not breathe')?.category).toBe('medical');
  });
});

describe('expandAlternatives', () => {
  it('expands groups, with an empty choice making a word optional', () => {
    expect(expandAlternatives('(il|on) me (bat|frappe)')).toEqual([
      'il me bat',
      'il me frappe',
      'on me bat',
      'on me frappe',
    ]);
    expect(expandAlternatives('aide (moi|)')).toEqual(['aide moi', 'aide']);
  });
});

describe('parseLexicon', () => {
  it('rejects an order that misses a category', () => {
    const broken = { ...lexicon, categories: { ...lexicon.categories, order: ['danger'] } };
    expect(() => parseLexicon(broken)).toThrow(/order/);
  });

  it('rejects nested or unclosed groups', () => {
    for (const text of ['(a|(b|c))', '(a|b']) {
      const lang = { language: 'en', categories: { danger: { phrases: [text] } } };
      expect(() => parseLexicon({ ...lexicon, languages: [lang] })).toThrow(/nested/);
    }
  });

  it('rejects unknown categories and keys', () => {
    const lang = { language: 'en', categories: { robbery: { phrases: ['x'] } } };
    expect(() => parseLexicon({ ...lexicon, languages: [lang] })).toThrow();
  });
});
