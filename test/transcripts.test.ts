/**
 * Golden conversations: each test/transcripts/*.transcript.json holds what a person sends and
 * what sira answers, drawn as their phone shows it, through the real pipeline with a fake clock.
 * `UPDATE=1 npx vitest run test/transcripts.test.ts` rewrites the expected answers from what the
 * bot says now; read the diff before committing it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { draw } from '../src/cli/draw';
import { createLocalChat } from '../src/cli/local-chat';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { createMemoryLogger } from '../src/runtime/log';
import { createUniverse } from './helpers/universe';

/** What a hotline worker does, as the console would (see src/handoff). */
const Agent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('claim'), agent: z.string() }),
  z.strictObject({ kind: z.literal('reply'), agent: z.string(), text: z.string() }),
  z.strictObject({ kind: z.literal('note'), agent: z.string(), text: z.string() }),
  z.strictObject({ kind: z.literal('transfer'), agent: z.string(), to: z.string() }),
  z.strictObject({
    kind: z.literal('close'),
    agent: z.string(),
    outcome: z.enum(['referred', 'resolved', 'no_answer', 'released', 'other']),
  }),
]);

const Turn = z.strictObject({
  in: z.union([z.string(), z.strictObject({ tap: z.string() }), z.strictObject({ agent: Agent })]),
  out: z.array(z.string()),
  state: z.string().optional(),
});
const Transcript = z.strictObject({
  title: z.string(),
  channel: z.enum(['sms', 'whatsapp', 'twilio-whatsapp']),
  turns: z.array(Turn),
});

const dir = join(import.meta.dirname, 'transcripts');
const update = process.env.UPDATE === '1';
const content = compileContent(rawContent);

for (const file of readdirSync(dir).filter((f) => f.endsWith('.transcript.json'))) {
  const path = join(dir, file);
  const transcript = Transcript.parse(JSON.parse(readFileSync(path, 'utf8')));

  describe(`transcript ${file}: ${transcript.title}`, () => {
    it('goes as written', async () => {
      const u = createUniverse();
      const log = createMemoryLogger();
      const chat = createLocalChat({
        channel: transcript.channel,
        content,
        log,
        now: u.now,
        newId: u.newId,
      });
      const actual = [];
      for (const turn of transcript.turns) {
        u.advance(30_000);
        const got =
          typeof turn.in === 'string'
            ? await chat.send(turn.in)
            : 'tap' in turn.in
              ? await chat.send({ type: 'choice', id: turn.in.tap })
              : await chat.agent(turn.in.agent);
        const out = typeof got === 'string' ? [`refused: ${got}`] : got.map(draw);
        actual.push({ in: turn.in, out, state: await chat.state() });
      }
      if (update) {
        writeFileSync(path, `${JSON.stringify({ ...transcript, turns: actual }, null, 2)}\n`);
        return;
      }
      expect(actual).toEqual(transcript.turns);
      // Content problems (a missing node, a loop) are bugs in a golden conversation.
      expect(log.lines.filter((l) => l.includes('content.problem'))).toEqual([]);
    });
  });
}
