import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { rawContent } from './bundle';
import { validateContent } from './validate';

/**
 * One broken-content fixture per rule (test/fixtures/broken-content): each changes one value of
 * the real content and names the problem the check must report.
 */
const FixtureSchema = z.strictObject({
  rule: z.string(),
  set: z.union([
    z.strictObject({ path: z.array(z.union([z.string(), z.number()])), value: z.unknown() }),
    z.strictObject({ path: z.array(z.union([z.string(), z.number()])), delete: z.literal(true) }),
  ]),
  expect: z.strictObject({ file: z.string(), reason: z.string() }),
});

const dir = join(import.meta.dirname, '../../test/fixtures/broken-content');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f,
    ...FixtureSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))),
  }));

/** `@eleven`: eleven options, more than a WhatsApp list shows. */
const special = (value: unknown) =>
  value === '@eleven'
    ? Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, label: 'menu.bamako', next: 'bamako' }))
    : value;

function broken(set: z.infer<typeof FixtureSchema>['set']) {
  const raw = structuredClone(rawContent) as unknown as Record<string | number, unknown>;
  const path = [...set.path];
  const last = path.pop() as string | number;
  let at: Record<string | number, unknown> = raw;
  for (const k of path) at = at[k] as Record<string | number, unknown>;
  if ('delete' in set) delete at[last];
  else at[last] = special(set.value);
  return raw as unknown as typeof rawContent;
}

describe('content validation', () => {
  it('accepts the real content', () => {
    expect(validateContent(rawContent)).toEqual([]);
  });

  it('has a fixture for each rule', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  for (const f of fixtures) {
    it(`reports ${f.rule} (${f.name})`, () => {
      const problems = validateContent(broken(f.set));
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: f.expect.file,
          reason: expect.stringContaining(f.expect.reason),
        }),
      );
    });
  }
});
