import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { evaluateFaq, FaqSetSchema } from '../../src/content/faq-eval';

const set = FaqSetSchema.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, 'questions.json'), 'utf8')),
);
const scores = evaluateFaq(compileContent(rawContent), set);

describe('free-text search on the labelled questions', () => {
  it('has at least 150 questions across the four languages', () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(150);
    expect(scores.map((s) => s.lng).sort()).toEqual(['bm', 'en', 'fr', 'pcm']);
  });

  for (const s of scores) {
    it(`${s.lng}: top-1 at least 85%, top-3 at least 95%`, () => {
      expect(s.top1 / s.total).toBeGreaterThanOrEqual(0.85);
      expect(s.top3 / s.total).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('labels only nodes that exist', () => {
    const content = compileContent(rawContent);
    for (const q of set.questions) {
      const [flow, node] = q.expect.split('.') as [string, string];
      expect(content.flows.get(flow)?.nodes[node], q.expect).toBeDefined();
    }
  });
});
