import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

/**
 * A fresh folder under the system temp dir, removed after the file's tests, or after the test
 * that asked for it: inside a test vitest ignores a new `afterAll`, and such folders were left
 * behind at every run.
 */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sira-${label}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (expect.getState().currentTestName === undefined) afterAll(remove);
  else onTestFinished(remove);
  return dir;
}
