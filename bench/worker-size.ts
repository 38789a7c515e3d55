/**
 * The Worker's figures, as wrangler reports them without uploading anything: the bundle's gzip
 * size for an upload (`wrangler deploy --dry-run`), and the CPU its global scope takes when an
 * isolate starts (`wrangler check startup`, in local workerd; Cloudflare refuses a Worker whose
 * startup passes 1 s). Null while there is no Worker entry, or wrangler fails.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function workerGzipKib(): Promise<number | null> {
  // "Total Upload: 512.34 KiB / gzip: 98.76 KiB"
  return wranglerFigure(
    (outdir) => ['deploy', '--dry-run', '--outdir', outdir],
    /gzip:\s*([\d.]+)\s*KiB/,
  );
}

export function workerStartupMs(): Promise<number | null> {
  // "Active: 68.2 ms (including 6.8 ms garbage collection)"
  return wranglerFigure(
    (outdir) => ['check', 'startup', '--outfile', join(outdir, 'startup.cpuprofile')],
    /Active:\s*([\d.]+)\s*ms/,
  );
}

/** Run wrangler with a scratch folder and read one number off what it prints. */
async function wranglerFigure(
  args: (outdir: string) => string[],
  figure: RegExp,
): Promise<number | null> {
  if (!existsSync(join(ROOT, 'src/entry/worker.ts'))) return null;
  const outdir = mkdtempSync(join(tmpdir(), 'sira-worker-'));
  try {
    const output = await new Promise<string>((resolve) =>
      execFile(
        'npx',
        ['wrangler', ...args(outdir)],
        { cwd: ROOT, timeout: 120_000, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      ),
    );
    const value = figure.exec(output)?.[1];
    return value === undefined ? null : Number(value);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
