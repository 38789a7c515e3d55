/**
 * The Worker bundle as `wrangler deploy` would upload it (`--dry-run`: nothing leaves the
 * machine): under 1 MB gzipped, and without the Node-only packages (node-redis, the twilio
 * REST SDK, @hono/node-server, playwright, node:sqlite) that must never reach it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/child';
import { tempDir } from './helpers/temp';

const GZIP_LIMIT_KIB = 1024;
const NODE_ONLY = [
  /node_modules\/(redis|@redis)\//,
  /node_modules\/twilio\/lib\/(rest|base)\//,
  /node_modules\/@hono\/node-server\//,
  /node_modules\/playwright/,
  /node:sqlite/,
];

describe('the Worker bundle', () => {
  it(`stays under ${GZIP_LIMIT_KIB} KiB gzipped, with no Node-only package in it`, () => {
    const outdir = tempDir('worker-bundle');
    const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
    const run = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(run.stdout);
    expect(size, run.stdout).not.toBeNull();
    const gzipKiB = Number(size?.[2]);
    console.log(`Worker bundle: ${size?.[1]} KiB, gzip ${gzipKiB} KiB`);
    expect(gzipKiB).toBeLessThan(GZIP_LIMIT_KIB);
    const bundle = readFileSync(join(outdir, 'worker.js'), 'utf8');
    for (const pattern of NODE_ONLY) expect(bundle, String(pattern)).not.toMatch(pattern);
  }, 60_000);
});
