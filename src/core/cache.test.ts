import { describe, expect, it } from 'vitest';
import { derived, derivedPer } from './cache';

describe('derived values', () => {
  it('derives once per key', () => {
    const cache = derived<string>();
    let calls = 0;
    const derive = (v: string) => () => {
      calls += 1;
      return v;
    };
    expect([cache('k', derive('a')), cache('k', derive('b')), cache('l', derive('c'))]).toEqual([
      'a',
      'a',
      'c',
    ]);
    expect(calls).toBe(2);
  });

  it('derives once per owner and key, never across owners', () => {
    const cache = derivedPer<object, string>();
    const [a, b] = [{}, {}];
    let calls = 0;
    const derive = (v: string) => () => {
      calls += 1;
      return v;
    };
    expect(cache(a, 'k', derive('a'))).toBe('a');
    expect(cache(a, 'k', derive('again'))).toBe('a');
    expect(cache(b, 'k', derive('b'))).toBe('b');
    expect(calls).toBe(2);
  });

  it('starts over when a bounded cache is full', () => {
    const cache = derivedPer<object, number>(2);
    const owner = {};
    cache(owner, 'one', () => 1);
    cache(owner, 'two', () => 2);
    cache(owner, 'three', () => 3);
    expect(cache(owner, 'one', () => 10)).toBe(10);
  });
});
