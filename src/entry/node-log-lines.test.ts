import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogLines } from './node-log-lines';

describe('log lines on Node', () => {
  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const chunks: string[] = [];
    const write = createLogLines({ write: (chunk: string) => chunks.push(chunk) });
    write('{"event":"a"}');
    write('{"event":"b"}');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    write('{"event":"c"}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['{"event":"a"}\n{"event":"b"}\n', '{"event":"c"}\n']);
  });

  it('writes what is pending when the process dies of an uncaught error', () => {
    const script = `
      import { createLogLines } from ${JSON.stringify(new URL('./node-log-lines.ts', import.meta.url).pathname)};
      const write = createLogLines();
      write('{"event":"before.crash"}');
      throw new Error('crash');`;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('{"event":"before.crash"}\n');
  });
});
