/**
 * A single `npm start` on SQLite, killed with SIGKILL right after it acknowledged an
 * escalation (issue 8's proof), over real HTTP with a signed WhatsApp webhook. The reply could
 * not be sent before the kill (the Graph API was unreachable from that process), so it is only
 * in the outbox. After the kill the file holds the escalation in the hotline queue and the
 * reply; the restarted server sends that reply, once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../src/runtime/pseudonym';
import { createSqliteStore } from '../src/store/sqlite';
import { startFakeGraph } from './helpers/fake-graph';
import { freePort, SECRET, startInstance } from './helpers/instances';
import { signMeta } from './helpers/meta';
import { tempDir } from './helpers/temp';
import { whatsappTextBody } from './helpers/whatsapp-body';

const APP_SECRET = 'kill-proof-app-secret';
const whatsappEnv = (graphUrl: string) => ({
  SIRA_SECRET: SECRET,
  WHATSAPP_VERIFY_TOKEN: 'kill-proof-verify',
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: 'kill-proof-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_GRAPH_URL: graphUrl,
});

async function postWhatsApp(baseUrl: string, body: string) {
  return fetch(`${baseUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': await signMeta(body, APP_SECRET),
    },
    body,
  });
}

describe('SQLite server killed right after acknowledging an escalation', () => {
  it('keeps the escalation and its reply, and sends the reply once after restart', async () => {
    const db = join(tempDir('kill-escalation'), 'sira.db');
    const unreachable = `http://127.0.0.1:${await freePort()}/v24.0`;
    const first = await startInstance({ ...whatsappEnv(unreachable), SIRA_DB: db });
    const from = '15550100301';
    const response = await postWhatsApp(
      first.url,
      whatsappTextBody(from, 'wamid.kill.escalation.1', 'au secours', Date.now()),
    );
    expect(response.status).toBe(200);
    first.child.process.kill('SIGKILL');
    expect(await first.child.exited).toBe('SIGKILL');

    const key = await createPseudonymiser(SECRET)(`whatsapp:${from}`);
    const file = createSqliteStore({ path: db });
    const queued = await file.handoffs(100);
    expect(queued.map((r) => r.key)).toEqual([key]);
    expect(queued[0]?.ctx.handoff?.category).toBe('danger');
    const replies = queued[0]?.outbox.map((item) => item.id) ?? [];
    expect(replies.length).toBeGreaterThan(0);
    await file.close();

    const graph = await startFakeGraph();
    await startInstance({ ...whatsappEnv(graph.url), SIRA_DB: db });
    const sent = () => graph.accepted().map((r) => r.body.biz_opaque_callback_data);
    for (let waited = 0; waited < 15_000 && sent().length < replies.length; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2_000)); // two more sweeps: nothing goes twice
    expect(sent().sort()).toEqual([...replies].sort());
    expect(graph.accepted().every((r) => r.body.to === from || r.body.to === `+${from}`)).toBe(
      true,
    );
    await graph.close();
  }, 60_000);
});
