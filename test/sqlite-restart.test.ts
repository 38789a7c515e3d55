/**
 * Nothing acknowledged is lost, nothing is answered twice, across a SIGKILL of the process
 * that runs the SQLite store (shared/facts/safeguarding-and-reliability.md §5.2, RL-2 in
 * part). A child process runs the real pipeline (test/helpers/pipeline-child.ts); it is killed
 * right after `receive` resolved, when the reply is saved and not sent, then a new process on
 * the same file sweeps the outbox with a recording sender.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Child, runTs } from './helpers/child';
import { tempDir } from './helpers/temp';

const dir = tempDir('restart');
const CHILD = 'test/helpers/pipeline-child.ts';

interface ReceiptLine {
  id: string;
  fresh: boolean;
  pending: string[];
}
interface SweepLine {
  due: string[];
  sent: number;
}
const isReceipt = (line: unknown): line is ReceiptLine =>
  typeof line === 'object' && line !== null && 'pending' in line;
const isSweep = (line: unknown): line is SweepLine =>
  typeof line === 'object' && line !== null && 'sent' in line;

function env(db: string) {
  return { SIRA_DB: db, SIRA_SECRET: 'restart-proof-secret-restart-proof-secret' };
}

async function kill(child: Child) {
  child.process.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
}

async function sweepOnce(db: string): Promise<SweepLine> {
  const child = runTs(CHILD, ['sweep'], env(db));
  const line = await child.waitFor(isSweep);
  await child.exited;
  return line as SweepLine;
}

describe('sqlite store across a SIGKILL', () => {
  it('sends a reply saved just before the kill exactly once after a restart', async () => {
    const db = join(dir, 'one', 'sira.db');
    const receiving = runTs(CHILD, ['receive', '1', '1', 'one'], env(db));
    const receipt = (await receiving.waitFor(isReceipt)) as ReceiptLine;
    await kill(receiving);
    expect(receipt.fresh).toBe(true);
    expect(receipt.pending.length).toBeGreaterThan(0);

    const first = await sweepOnce(db);
    expect(first.due).toEqual(receipt.pending);
    expect(first.sent).toBe(receipt.pending.length);

    // The provider redelivers the message it never got a 200 for: deduped, nothing new.
    const redelivery = runTs(CHILD, ['receive', '1', '1', 'one'], env(db));
    expect(((await redelivery.waitFor(isReceipt)) as ReceiptLine).fresh).toBe(false);
    await kill(redelivery);
    expect(await sweepOnce(db)).toEqual({ due: [], sent: 0 });
  }, 60_000);

  it('keeps every acknowledged reply of a burst killed midway, and sends each once', async () => {
    const db = join(dir, 'burst', 'sira.db');
    const receiving = runTs(CHILD, ['receive', '20', '10', 'burst'], env(db));
    // Kill at a moment that depends on scheduling: somewhere after the 40th acknowledgement.
    await receiving.waitFor(() => receiving.lines.filter(isReceipt).length >= 40);
    await kill(receiving);
    const acked = receiving.lines.filter(isReceipt).flatMap((r) => r.pending);
    expect(acked.length).toBeGreaterThan(0);

    const sweep = await sweepOnce(db);
    // Replies saved but not yet acknowledged when the kill came are kept too (their
    // provider will redeliver and be deduped), so the due set contains the acked ones.
    expect(sweep.due).toEqual(expect.arrayContaining(acked));
    expect(new Set(sweep.due).size).toBe(sweep.due.length);
    expect(sweep.sent).toBe(sweep.due.length);
    expect(await sweepOnce(db)).toEqual({ due: [], sent: 0 });
  }, 60_000);
});
