import { describe, expect, it } from 'vitest';
import { testContent } from '../../../test/helpers/test-content';
import { interpret, NAV } from './interpret';

const content = testContent();
const at = (node: string) => ({ flow: 'main', node });

describe('the flow interpreter', () => {
  it('starts at the entry and shows its options', () => {
    const r = interpret(content, 'en', null, [], { kind: 'enter' });
    expect(r.position).toEqual(at('menu'));
    expect(r.replies).toEqual([
      {
        text: 'en: menu',
        options: [
          { id: 'main.menu.a', title: 'en A' },
          { id: 'main.menu.many', title: 'en many' },
          { id: 'main.menu.chain', title: 'en chain' },
        ],
      },
    ]);
  });

  it('selects an option by its digit, its title, its match words or its id', () => {
    for (const input of [
      { kind: 'text', text: '1' },
      { kind: 'text', text: 'EN a' },
      { kind: 'text', text: 'First one!' },
      { kind: 'choice', id: 'main.menu.a' },
    ] as const) {
      const r = interpret(content, 'en', at('menu'), [], input);
      expect(r.position, JSON.stringify(input)).toEqual(at('answer'));
      expect(r.history).toEqual(['main.menu']);
    }
  });

  it('gives an answer back and main-menu options, which work', () => {
    const r = interpret(content, 'en', at('menu'), [], { kind: 'text', text: '1' });
    expect(r.replies.at(-1)?.options).toEqual([
      { id: NAV.back, title: 'en:back' },
      { id: NAV.menu, title: 'en:menu' },
    ]);
    const back = interpret(content, 'en', r.position, r.history, { kind: 'text', text: '1' });
    expect(back.position).toEqual(at('menu'));
    const menu = interpret(content, 'en', r.position, r.history, { kind: 'choice', id: NAV.menu });
    expect(menu.position).toEqual(at('menu'));
    expect(menu.history).toEqual([]);
  });

  it('follows a chain of next, showing each node', () => {
    const r = interpret(content, 'en', at('menu'), [], { kind: 'text', text: '3' });
    expect(r.replies.map((x) => x.text)).toEqual(['en: a note', 'en: the answer']);
    expect(r.position).toEqual(at('answer'));
  });

  it('says it did not understand a digit out of range, and stays', () => {
    const r = interpret(content, 'en', at('menu'), [], { kind: 'text', text: '9' });
    expect(r.understood).toBe(false);
    expect(r.position).toEqual(at('menu'));
    expect(r.replies[0]?.options).toHaveLength(3);
  });

  it('follows a button from a menu that is no longer shown', () => {
    const r = interpret(content, 'en', at('answer'), ['main.menu'], {
      kind: 'choice',
      id: 'main.menu.many',
    });
    expect(r.position).toEqual(at('many'));
  });

  it('does not follow an id that names nothing', () => {
    const r = interpret(content, 'en', at('answer'), [], { kind: 'choice', id: 'main.gone.x' });
    expect(r.understood).toBe(false);
    expect(r.position).toEqual(at('answer'));
  });

  it('pages a long list with "more", wrapping round', () => {
    const many = interpret(content, 'en', at('menu'), [], { kind: 'text', text: '2' });
    const next = interpret(content, 'en', many.position, many.history, {
      kind: 'choice',
      id: NAV.more,
    });
    expect(next.position).toEqual({ ...at('many'), page: 1 });
    expect(next.replies[0]?.page).toBe(1);
    const picked = interpret(content, 'en', next.position, next.history, {
      kind: 'choice',
      id: 'main.many.o11',
    });
    expect(picked.position).toEqual(at('answer'));
  });

  it('falls back to the entry with a problem when a stored node no longer exists', () => {
    const r = interpret(content, 'en', at('removed_in_an_edit'), ['main.menu'], {
      kind: 'text',
      text: '1',
    });
    expect(r.position).toEqual(at('menu'));
    expect(r.problems).toEqual([{ code: 'flow.node_missing', detail: 'main.removed_in_an_edit' }]);
  });

  it('treats a missing flow in the history like the entry', () => {
    const r = interpret(content, 'en', at('answer'), ['gone.node'], { kind: 'back' });
    expect(r.position).toEqual(at('menu'));
    expect(r.problems.map((p) => p.code)).toEqual(['flow.node_missing']);
  });
});
