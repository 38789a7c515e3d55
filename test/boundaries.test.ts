/**
 * The layering of shared/design.md, checked on the source text so that a violation fails here
 * even if a lint rule is switched off: the core is pure, channels use Web APIs only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../src');
const sources = (dir: string) =>
  readdirSync(join(src, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));

const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );

describe('layer boundaries', () => {
  it('keeps the core pure: no I/O, clock, randomness, environment or outer layers', () => {
    const allowed = /^(xstate|zod|i18next|\.{1,2}\/)/;
    for (const file of sources('core')) {
      const text = readFileSync(file, 'utf8');
      for (const spec of imports(file)) {
        expect(allowed.test(spec), `${file} imports ${spec}`).toBe(true);
        expect(
          /\/(channels|store|runtime|entry|console|handoff)\//.test(spec),
          `${file} imports ${spec}`,
        ).toBe(false);
      }
      for (const banned of [
        'Date.now',
        'Math.random',
        'process.',
        'fetch(',
        'console.',
        'randomUUID',
      ]) {
        expect(text.includes(banned), `${file} uses ${banned}`).toBe(false);
      }
    }
  });

  it('keeps channels on Web APIs: no node: modules, no stores or runtime', () => {
    for (const file of sources('channels')) {
      for (const spec of imports(file)) {
        expect(spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
        expect(/\/(store|runtime|entry|console)\//.test(spec), `${file} imports ${spec}`).toBe(
          false,
        );
      }
    }
  });

  it('keeps the console on Web APIs, so it runs on Workers too: no node: modules, no store engines', () => {
    for (const file of sources('console')) {
      for (const spec of imports(file)) {
        expect(spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
        expect(
          /store\/(sqlite|redis|staff-sqlite|staff-redis)$/.test(spec),
          `${file} imports ${spec}`,
        ).toBe(false);
      }
    }
  });
});
