/**
 * npm run -s detect: one message per line on stdin, one JSON object per line on stdout:
 * {"text","distress":bool,"category","severity"} (category and severity null when none).
 * Streams line by line, so large inputs never sit in memory and each answer leaves at once.
 */
import { createInterface } from 'node:readline';
import { loadLexicon } from '../content/distress';
import { createDetector } from '../core/distress';

const detect = createDetector(loadLexicon());
// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });

for await (const text of lines) {
  const found = detect(text);
  const row = {
    text,
    distress: found !== null,
    category: found?.category ?? null,
    severity: found?.severity ?? null,
  };
  // Respect back-pressure: wait for the pipe to drain rather than buffering the whole output.
  if (!process.stdout.write(`${JSON.stringify(row)}\n`)) {
    await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}
