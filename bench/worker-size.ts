/**
 * The Worker's figures, as wrangler reports them without uploading anything
 * (`wrangler check startup`, which builds the bundle as `wrangler deploy --dry-run` does and
 * starts it in local workerd): the bundle's gzip size for an upload, and the CPU its global
 * scope takes when an isolate starts (Cloudflare refuses a Worker whose startup passes 1 s).
 * Null while there is no Worker entry, or where wrangler fails.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface WorkerFigures {
  gzipKib: number | null;
  startupMs: number | null;
}

export async function workerFigures(): Promise<WorkerFigures> {
  if (!existsSync(join(ROOT, 'src/entry/worker.ts'))) return { gzipKib: null, startupMs: null };
  const outdir = mkdtempSync(join(tmpdir(), 'sira-worker-'));
  try {
    const output = await new Promise<string>((resolve) =>
      execFile(
        'npx',
        ['wrangler', 'check', 'startup', '--outfile', join(outdir, 'startup.cpuprofile')],
        { cwd: ROOT, timeout: 120_000, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      ),
    );
    return {
      // "Bundle: 1162.40 KiB / gzip: 257.68 KiB"
      gzipKib: numberAfter(/gzip:\s*([\d.]+)\s*KiB/, output),
      // "Active: 68.2 ms (including 6.8 ms garbage collection)"
      startupMs: numberAfter(/Active:\s*([\d.]+)\s*ms/, output),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function numberAfter(pattern: RegExp, text: string): number | null {
  const value = pattern.exec(text)?.[1];
  return value === undefined ? null : Number(value);
}
