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
import { pollUntil } from './helpers/poll';
import { tempDir } from './helpers/temp';
import { whatsappTextBody } from './helpers/whatsapp-body';
import { postWhatsApp, whatsappEnv } from './helpers/whatsapp-instance';

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
    await pollUntil(() => sent().length >= replies.length, 15_000);
    await new Promise((r) => setTimeout(r, 2_000)); // two more sweeps: nothing goes twice
    expect(sent().sort()).toEqual([...replies].sort());
    expect(graph.accepted().every((r) => r.body.to === from || r.body.to === `+${from}`)).toBe(
      true,
    );
    await graph.close();
  }, 60_000);
});
