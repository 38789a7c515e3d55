/**
 * A sira process for the restart proofs (test/sqlite-restart.test.ts): the real pipeline on the
 * real SQLite store at SIRA_DB, wired as src/entry/node.ts wires it, driven from the command
 * line because no channel webhook exists yet. Writes one JSON object per line on stdout.
 *
 *   receive <people> <perPerson> <run>  receive every message, one line per receipt, then wait
 *                                       (the parent SIGKILLs it at a moment of its choosing)
 *   sweep                               list the due outbox items, send them with a recording
 *                                       sender, list what was sent, exit
 *
 * When the webhooks land, `receive` becomes a signed POST to the real entry; `sweep` stays.
 */
import type { InboundMessage } from '../../src/core/messages';
import { loadConfig } from '../../src/runtime/config';
import { sweep } from '../../src/runtime/deliver';
import { depsFromConfig } from '../../src/runtime/deps-from-config';
import { receive } from '../../src/runtime/inbound';
import { createLogger } from '../../src/runtime/log';
import { createSqliteStore } from '../../src/store/sqlite';

const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const config = loadConfig(process.env);
const secret = config.secret ?? 'unset';
const store = createSqliteStore({ path: config.store.dbPath });
const deps = depsFromConfig(
  { ...config, secret },
  store,
  createLogger(() => {}),
);
const [mode, ...args] = process.argv.slice(2);

/** Person p's n-th message; the texts walk the real menus. */
const pipelineMessage = (run: string, p: number, n: number): InboundMessage => ({
  channel: 'sms',
  messageId: `${run}-p${p}-m${n}`,
  from: `+2237${String(p).padStart(7, '0')}`,
  at: n,
  content: { type: 'text', text: ['salut', '1', '2', 'menu', '3'][n % 5] as string },
});

if (mode === 'receive') {
  const [people, perPerson, run] = [Number(args[0]), Number(args[1]), String(args[2])];
  // People in parallel, each person's messages in order, as a provider delivers them.
  await Promise.all(
    Array.from({ length: people }, async (_, p) => {
      for (let n = 0; n < perPerson; n++) {
        const message = pipelineMessage(run, p, n);
        const receipt = await receive(deps, message);
        out({
          id: message.messageId,
          fresh: receipt.fresh,
          pending: receipt.pending.map((i) => i.id),
        });
      }
    }),
  );
  out({ done: true });
  setInterval(() => {}, 60_000);
} else if (mode === 'sweep') {
  const due: string[] = [];
  for (const key of await store.due(Number.MAX_SAFE_INTEGER, 10_000)) {
    due.push(...((await store.load(key))?.outbox.map((i) => i.id) ?? []));
  }
  let sent = 0;
  deps.senders.sms = {
    async send() {
      sent++;
      return { ok: true, providerId: `p${sent}` };
    },
  };
  while ((await sweep(deps, 1_000)) > 0) {}
  out({ due, sent });
  await store.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
