import { describe, expect, it } from 'vitest';
import { testDeps } from '../../test/helpers/runtime';
import { createApp } from './app';

describe('the HTTP app', () => {
  it('answers /healthz with status, store kind and content revision', async () => {
    const { deps } = testDeps();
    const res = await createApp(deps).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'memory', content: deps.content.rev });
  });

  it.each(['/webhooks/whatsapp', '/webhooks/twilio', '/webhooks/twilio/status'])(
    'answers 503 on %s while its channel is not configured',
    async (path) => {
      const { deps } = testDeps();
      const res = await createApp(deps).request(path, { method: 'POST', body: 'x' });
      expect(res.status).toBe(503);
    },
  );

  it('answers 404 in JSON for an unknown path', async () => {
    const { deps } = testDeps();
    expect((await createApp(deps).request('/nope')).status).toBe(404);
  });
});
