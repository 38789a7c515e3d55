/**
 * `npm run check:content`: validates flows/ and locales/ and prints each problem as
 * `file: where: reason`, then, per language, every SMS the bot can send with its encoding and
 * segments, and what needs a native speaker's review. Exits 1 when anything is wrong, so CI
 * and editors see it at once.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundledFiles, rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import { ReviewSchema } from '../content/raw';
import { smsFigures } from '../content/sms-budget';
import { type ContentProblem, reviewMatches, validateContent } from '../content/validate';

const root = join(import.meta.dirname, '../..');
const verbose = !process.argv.includes('--summary');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const problems: ContentProblem[] = [
  ...[...filesUnder('flows'), ...filesUnder('locales')]
    .filter((file) => !bundledFiles.includes(file))
    .map((file) => ({ file, reason: 'not loaded: add it to src/content/bundle.ts' })),
  ...validateContent(rawContent),
];

for (const p of problems) console.log(`${p.file}: ${p.where ? `${p.where}: ` : ''}${p.reason}`);
if (problems.length) {
  console.log(`\n${problems.length} problem(s) in the content.`);
  process.exit(1);
}

const content = compileContent(rawContent);
const summary: string[] = [];
for (const { code } of content.languages) {
  const figures = smsFigures(content, code);
  if (verbose) {
    console.log(`\nSMS in ${code}:`);
    for (const f of figures) {
      console.log(
        `  ${f.cost.encoding} ${f.cost.segments} seg ${String(f.cost.units).padStart(4)}  ${f.what}`,
      );
    }
  }
  const segments = figures.map((f) => f.cost.segments);
  const average = segments.reduce((a, b) => a + b, 0) / segments.length;
  const ucs2 = figures.filter((f) => f.cost.encoding === 'UCS-2').length;
  summary.push(
    `  ${code.padEnd(4)} ${String(figures.length).padStart(3)} SMS  average ${average.toFixed(2)} segments  max ${Math.max(...segments)}  UCS-2 ${ucs2}`,
  );
}
console.log('\nSMS per language:');
for (const line of summary) console.log(line);

const review = ReviewSchema.parse(rawContent.review);
console.log('\nAwaiting native review:');
for (const [lng, mark] of Object.entries(review.languages)) {
  const keys = Object.entries(rawContent.locales[lng] ?? {}).flatMap(([ns, r]) =>
    flatKeys(r, `${ns}:`),
  );
  const marked = keys.filter((k) => mark.keys.some((p) => reviewMatches(p, k)));
  console.log(`  ${lng}: ${marked.length} of ${keys.length} texts (${mark.reason})`);
}
console.log(`\ncontent ok: ${bundledFiles.length} files`);

function flatKeys(value: unknown, prefix: string): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    flatKeys(v, prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`),
  );
}
