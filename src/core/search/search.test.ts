import { describe, expect, it } from 'vitest';
import { rawContent } from '../../content/bundle';
import { compileContent } from '../../content/compile';
import { detectLanguage } from './detect';
import { decide, search, withinOneEdit } from './search';

const content = compileContent(rawContent);
const top = (text: string) => {
  const [hit] = search(content.search, text);
  return hit && `${hit.ref.flow}.${hit.ref.node}`;
};

describe('free-text search', () => {
  it('finds the answer in each language, as people type', () => {
    expect(top('où est le centre de Gao ?')).toBe('centres.gao');
    expect(top('how I fit go back Nigeria')).toBe('return.steps');
    expect(top("n b'a fɛ ka segin so")).toBe('return.menu');
    expect(top('madam collect my passport')).toBe('risks.trafficking');
  });

  it('lets the longest phrase win over the words inside it', () => {
    expect(top('travail forcé')).toBe('risks.trafficking');
  });

  it('forgives one typo in a long word', () => {
    expect(withinOneEdit('centr', 'centre')).toBe(true);
    expect(withinOneEdit('rapatrimen', 'rapatriement')).toBe(false);
    expect(top('tombouctu')).toBe('centres.tombouctou');
  });

  it('answers a clear question, offers close ones, and admits when it knows nothing', () => {
    expect(decide(search(content.search, 'centre de gao')).kind).toBe('answer');
    const unsure = decide(search(content.search, 'femmes'));
    expect(unsure.kind).toBe('offer');
    if (unsure.kind === 'offer') expect(unsure.refs.length).toBeLessThanOrEqual(3);
    expect(decide(search(content.search, 'bla bla')).kind).toBe('none');
  });

  it('stays safe on empty, emoji-only, huge, control and right-to-left input', () => {
    for (const text of [
      '',
      '   ',
      '🙏🙏🙏',
      'a'.repeat(5000),
      'gao\u0000\u0007\u202e',
      'مرحبا أين المركز',
    ]) {
      expect(() => decide(search(content.search, text))).not.toThrow();
    }
    expect(search(content.search, '🙏🙏🙏')).toEqual([]);
    expect(top(`centre gao ${'x '.repeat(3000)}`)).toBe('centres.gao');
  });
});

describe('language of a first message', () => {
  it('recognises each language when it is clear', () => {
    expect(detectLanguage(content.lexicon, 'où est le centre de Gao ?')).toBe('fr');
    expect(detectLanguage(content.lexicon, 'where is the centre in Gao?')).toBe('en');
    expect(detectLanguage(content.lexicon, 'how I fit go back Nigeria')).toBe('pcm');
    expect(detectLanguage(content.lexicon, "n b'a fɛ ka segin so")).toBe('bm');
  });

  it('does not guess from a word or two', () => {
    expect(detectLanguage(content.lexicon, 'gao')).toBeUndefined();
    expect(detectLanguage(content.lexicon, '🙂')).toBeUndefined();
    expect(detectLanguage(content.lexicon, '')).toBeUndefined();
  });
});
