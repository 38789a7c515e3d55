import { describe, expect, it } from 'vitest';
import { createFuzzyLookup, editDistance } from './fuzzy';

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('enfemre', 'enferme', 2)).toBe(1);
    expect(editDistance('kidnaped', 'kidnapped', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('createFuzzyLookup', () => {
  const lookup = createFuzzyLookup(['enferme', 'kidnapped', 'sequestree', 'tue', 'help']);

  it('allows one edit on words of 6-8 letters and two on 9+', () => {
    expect(lookup('enfermme')).toBe('enferme');
    expect(lookup('kidnaped')).toBe('kidnapped');
    expect(lookup('sekestree')).toBe('sequestree');
  });

  it('never bends short words', () => {
    expect(lookup('tee')).toBeUndefined();
    expect(lookup('hepl')).toBeUndefined();
  });

  it('rejects words too far away', () => {
    expect(lookup('enfant')).toBeUndefined();
  });
});
