/**
 * Distress detection time per message over the labelled set (test/distress/labelled.jsonl),
 * through the detector the server uses (`content.detect` of the compiled content).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';

const Labelled = z.object({ text: z.string() });

export interface DetectFigures {
  p50us: number;
  p99us: number;
  messages: number;
}

export function benchDetect(rounds: number): DetectFigures {
  const { detect } = compileContent(rawContent);
  const file = new URL('../test/distress/labelled.jsonl', import.meta.url);
  const texts = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => Labelled.parse(JSON.parse(line)).text);
  // One untimed pass, so that what is measured is the steady state, not the JIT warming up.
  for (const text of texts) detect(text);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const start = performance.now();
      detect(text);
      times.push((performance.now() - start) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round((times[Math.floor(q * (times.length - 1))] ?? 0) * 10) / 10;
  return { p50us: at(0.5), p99us: at(0.99), messages: texts.length };
}
