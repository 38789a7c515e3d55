import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledFiles, rawContent } from '../src/content/bundle';
import { validateContent } from '../src/content/validate';
import { testContent, testRaw } from './helpers/test-content';

const root = join(import.meta.dirname, '..');
const jsonUnder = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => relative(root, join(e.parentPath, e.name)));

describe('the shipped content', () => {
  it('passes every content check', () => {
    expect(validateContent(rawContent)).toEqual([]);
  });

  it('loads every file under flows/ and locales/', () => {
    expect([...jsonUnder('flows'), ...jsonUnder('locales')].sort()).toEqual(
      [...bundledFiles].sort(),
    );
  });
});

describe('translating', () => {
  it('gives each set of values its own text, however often it is asked', () => {
    const content = testContent();
    const part = (n: number, total: number) => content.t('en', 'common:nav.part', { n, total });
    expect([part(1, 2), part(2, 2), part(1, 2), part(1, 3)]).toEqual([
      '(en 1/2)',
      '(en 2/2)',
      '(en 1/2)',
      '(en 1/3)',
    ]);
    expect(content.t('fr', 'common:nav.part', { n: 1, total: 2 })).toBe('(fr 1/2)');
  });
});

describe('the content checks can fail', () => {
  // Eight options: within the content check's limit, unlike the interpreter tests' twelve.
  const valid = () => testRaw({ many: 8 });
  const broken = (edit: (raw: ReturnType<typeof testRaw>) => void) => {
    const raw = valid();
    edit(raw);
    return validateContent(raw);
  };
  const flow = (raw: ReturnType<typeof testRaw>) =>
    raw.flows['main.flow.json'] as { nodes: Record<string, Record<string, unknown>> };
  const locale = (raw: ReturnType<typeof testRaw>, lng: string) =>
    raw.locales[lng]?.main as Record<string, Record<string, string>>;

  it('accepts the test content as it is', () => {
    expect(validateContent(valid())).toEqual([]);
  });

  it('reports a node that breaks the schema', () => {
    const problems = broken((r) => {
      flow(r).nodes.answer = { text: 'answer.text', colour: 'red' };
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'flows/main.flow.json' }));
  });

  it('reports a next that leads nowhere', () => {
    const problems = broken((r) => {
      flow(r).nodes.note = { text: 'note.text', next: 'nowhere' };
    });
    expect(problems).toContainEqual({
      file: 'flows/main.flow.json',
      where: 'note.next',
      reason: '"nowhere" does not exist',
    });
  });

  it('reports a node no menu leads to', () => {
    const problems = broken((r) => {
      flow(r).nodes.orphan = { text: 'answer.text' };
    });
    expect(problems).toContainEqual({
      file: 'flows/main.flow.json',
      where: 'orphan',
      reason: 'no menu leads to this node',
    });
  });

  it('reports a key missing in one language', () => {
    const problems = broken((r) => {
      delete locale(r, 'en').answer;
    });
    expect(problems).toContainEqual({
      file: 'locales/en/main.json',
      where: 'answer.text',
      reason: 'missing (used by main.answer)',
    });
  });

  it('reports an option title too long for WhatsApp', () => {
    const problems = broken((r) => {
      locale(r, 'fr').menu!.a = 'Un titre bien trop long pour une liste';
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'locales/fr/main.json', where: 'menu.a' }),
    );
  });

  it('reports a keyword given to two commands', () => {
    const problems = broken((r) => {
      (r.commands as Record<string, Record<string, string[]>>).back!.en = ['menu'];
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'flows/commands.json', where: 'menu' }),
    );
  });

  it('reports a distress phrase list that breaks the lexicon schema', () => {
    const problems = broken((r) => {
      const lexicon = structuredClone(r.distress) as {
        languages: { categories: Record<string, unknown> }[];
      };
      lexicon.languages[1]!.categories.danger = { phrases: 'help' };
      r.distress = lexicon;
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'flows/distress/en.json' }));
  });

  it('reports a key nothing uses', () => {
    const problems = broken((r) => {
      locale(r, 'fr').answer!.forgotten = 'x';
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        where: 'answer.forgotten',
        reason: 'no flow or code uses this key',
      }),
    );
  });
});
