import { readFileSync } from 'node:fs';
import * as z from 'zod';

const Package = z.object({ scripts: z.object({ start: z.string() }) });

/**
 * The Node flags `npm start` gives the server (package.json, `tsx <flags> src/entry/node.ts`),
 * so that what the bench measures runs exactly as production does.
 */
export function startFlags(): string[] {
  const pkg = Package.parse(
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')),
  );
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}
