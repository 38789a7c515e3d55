/**
 * npm run -s eval:distress [file.jsonl]: the detector against the labelled set. Prints recall per
 * category and language, the false-positive rate, then every miss and false alarm (the texts are
 * synthetic test data). Exits 1 when a target (TARGETS) is missed.
 */
import { readFileSync } from 'node:fs';
import { loadLexicon } from '../content/distress';
import { createDetector } from '../core/distress';
import { evaluate, failedTargets, parseLabelled, type Rate } from '../core/distress/evaluate';

const file = process.argv[2] ?? 'test/distress/labelled.jsonl';
const report = evaluate(createDetector(loadLexicon()), parseLabelled(readFileSync(file, 'utf8')));

const show = (r: Rate) => `${r.rate.toFixed(3)}  (${r.hits}/${r.total})`;
const lines = [
  `labelled set: ${file}`,
  `overall recall        ${show(report.recall)}`,
  `category agreement    ${show(report.categoryAgreement)}`,
  `false-positive rate   ${show(report.falsePositive)}`,
  '',
  'recall by category',
  ...Object.entries(report.byCategory).map(([k, r]) => `  ${k.padEnd(16)} ${show(r)}`),
  'recall by language',
  ...Object.entries(report.byLanguage).map(([k, r]) => `  ${k.padEnd(16)} ${show(r)}`),
  '',
  `misses (${report.misses.length})`,
  ...report.misses.map((c) => `  [${c.lang}] ${c.category}: ${c.text}`),
  `false positives (${report.falsePositives.length})`,
  ...report.falsePositives.map((c) => `  [${c.lang}] -> ${c.got}: ${c.text}`),
  `caught under another category (${report.wrongCategory.length})`,
  ...report.wrongCategory.map((c) => `  [${c.lang}] ${c.category} -> ${c.got}: ${c.text}`),
];
const failed = failedTargets(report);
lines.push('', failed.length === 0 ? 'all targets met' : `TARGETS MISSED: ${failed.join('; ')}`);
console.log(lines.join('\n'));
process.exitCode = failed.length === 0 ? 0 : 1;
