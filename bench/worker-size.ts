/**
 * The Worker bundle's gzip size, as wrangler reports it for an upload, without uploading
 * (`wrangler deploy --dry-run`). Null while there is no Worker entry, or wrangler fails.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function workerGzipKib(): Promise<number | null> {
  if (!existsSync(join(ROOT, 'src/entry/worker.ts'))) return null;
  const outdir = mkdtempSync(join(tmpdir(), 'sira-worker-'));
  try {
    const output = await new Promise<string>((resolve) =>
      execFile(
        'npx',
        ['wrangler', 'deploy', '--dry-run', '--outdir', outdir],
        { cwd: ROOT, timeout: 120_000 },
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      ),
    );
    // "Total Upload: 512.34 KiB / gzip: 98.76 KiB"
    const gzip = /gzip:\s*([\d.]+)\s*KiB/.exec(output)?.[1];
    return gzip === undefined ? null : Number(gzip);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
