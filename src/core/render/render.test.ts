import { describe, expect, it } from 'vitest';
import type { OptionView } from '../messages';
import { pageOf, render } from './render';

const labels = { choose: 'Choose', more: 'More', part: (n: number, t: number) => `(${n}/${t})` };
const wa = { surface: 'interactive', gsm7: false, paged: true } as const;
const sms = { surface: 'text', gsm7: true, paged: true } as const;
const opts = (n: number, title = (i: number) => `Option ${i}`): OptionView[] =>
  Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, title: title(i + 1) }));

describe('rendering a reply', () => {
  it('numbers the options for SMS and transliterates to GSM-7', () => {
    expect(render({ text: 'Où êtes-vous ?', options: opts(2) }, sms, labels)).toEqual([
      { kind: 'text', text: 'Où etes-vous ?\n1. Option 1\n2. Option 2' },
    ]);
  });

  it('uses reply buttons on WhatsApp for up to three short, unique titles', () => {
    expect(render({ text: 'Pick', options: opts(3) }, wa, labels)).toEqual([
      { kind: 'buttons', text: 'Pick', buttons: opts(3) },
    ]);
  });

  it('uses a list for four to ten options, or titles longer than a button allows', () => {
    const [four] = render({ text: 'Pick', options: opts(4) }, wa, labels);
    expect(four).toMatchObject({ kind: 'list', button: 'Choose', rows: opts(4) });
    const long = opts(2, (i) => `A title of 22 chars ${i}`);
    expect(render({ text: 'Pick', options: long }, wa, labels)[0]?.kind).toBe('list');
  });

  it('pages more than ten options as nine and a "more" row, never dropping one', () => {
    const all = opts(23);
    const seen = new Set<string>();
    for (let page = 0; page < 3; page++) {
      const rows = pageOf(all, page, 'More');
      expect(rows.length).toBeLessThanOrEqual(10);
      expect(rows.at(-1)).toEqual({ id: 'nav.more', title: 'More' });
      for (const r of rows.slice(0, -1)) seen.add(r.id);
    }
    expect(seen.size).toBe(23);
    expect(pageOf(all, 3, 'More')[0]?.id).toBe('o1');
  });

  it('falls back to numbered text rather than truncate a title WhatsApp cannot show', () => {
    const long = opts(2, (i) => `A very long option title number ${i}`);
    expect(render({ text: 'Pick', options: long }, wa, labels)).toEqual([
      { kind: 'text', text: `Pick\n1. ${long[0]?.title}\n2. ${long[1]?.title}` },
    ]);
  });

  it('falls back to numbered text when the body is too long for an interactive message', () => {
    const [out] = render({ text: 'x'.repeat(1500), options: opts(2) }, wa, labels);
    expect(out?.kind).toBe('text');
  });

  it('does not use buttons when two titles are the same', () => {
    const same = [
      { id: 'a', title: 'Same' },
      { id: 'b', title: 'Same' },
    ];
    expect(render({ text: 'Pick', options: same }, wa, labels)[0]?.kind).toBe('list');
  });
});
