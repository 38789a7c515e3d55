/**
 * `npm run check:content`: validates flows/ and locales/ and prints each problem as
 * `file: where: reason`. Exits 1 when anything is wrong, so CI and editors see it at once.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundledFiles, rawContent } from '../content/bundle';
import { type ContentProblem, validateContent } from '../content/validate';

const root = join(import.meta.dirname, '../..');

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
console.log(`content ok: ${bundledFiles.length} files`);
