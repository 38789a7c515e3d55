/**
 * `npm run eval:faq`: how well free-text search answers the labelled questions in
 * test/faq/questions.json, per language (top-1 and top-3 accuracy). `--misses` lists the
 * questions whose answer was not ranked first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import { evaluateFaq, FaqSetSchema } from '../content/faq-eval';

const file = join(import.meta.dirname, '../../test/faq/questions.json');
const set = FaqSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const scores = evaluateFaq(compileContent(rawContent), set);
const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)}%`.padStart(6);

console.log('lng   questions   top-1   top-3');
for (const s of scores) {
  console.log(
    `${s.lng.padEnd(5)} ${String(s.total).padStart(9)}  ${pct(s.top1, s.total)}  ${pct(s.top3, s.total)}`,
  );
}
if (process.argv.includes('--misses')) {
  for (const s of scores) {
    for (const m of s.misses)
      console.log(`${s.lng}: "${m.text}" -> ${m.got.join(', ') || 'nothing'} (want ${m.expect})`);
  }
}
