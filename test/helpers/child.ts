import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = join(import.meta.dirname, '../..');

export interface Child {
  process: ChildProcess;
  /** Every stdout line so far, parsed when it is JSON, as text otherwise. */
  lines: unknown[];
  /** Resolves with the first line (past or future) that satisfies `test`; rejects on timeout. */
  waitFor(test: (line: unknown) => boolean, ms?: number): Promise<unknown>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
  stderr(): string;
}

/**
 * Run a TypeScript file in a child Node, as `npm start` does (tsx's loader on this very Node
 * binary, never the system `node`), collecting its output for the test to read.
 */
export function runTs(file: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, file), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: unknown[] = [];
  const waiters: { test: (line: unknown) => boolean; resolve: (line: unknown) => void }[] = [];
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = parse(text);
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    process: child,
    lines,
    exited,
    stderr: () => err,
    waitFor(test, ms = 20_000) {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching line from ${file} in ${ms} ms; stderr: ${err}`)),
          ms,
        );
        waiters.push({
          test,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${file} exited before a matching line; stderr: ${err}`));
        });
      });
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
