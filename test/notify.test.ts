/**
 * The notification webhook for on-duty staff: a real local HTTP receiver gets a signed POST for
 * a high-severity escalation, with no text and no number in it, and nothing for medium ones.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { receive } from '../src/runtime/inbound';
import { createNotifier, NOTIFY_SIGNATURE_HEADER } from '../src/runtime/notify';
import { signMeta } from './helpers/meta';
import { testDeps } from './helpers/runtime';

const SECRET = 'notify-secret-notify-secret-notify-secret';

describe('notification webhook', () => {
  const received: { body: string; signature: string | undefined }[] = [];
  let url: string;
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({
        body,
        signature: req.headers[NOTIFY_SIGNATURE_HEADER.toLowerCase()] as string,
      });
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts a signed notice of a high-severity escalation, without text or number', async () => {
    const deliveries: Promise<void>[] = [];
    const t = testDeps({ content: compileContent(rawContent) });
    const notify = createNotifier({ url, secret: SECRET, log: t.log, now: t.deps.now });
    t.deps.onHandoff = (notice) => void deliveries.push(notify(notice));
    received.length = 0;
    await receive(t.deps, {
      channel: 'sms',
      messageId: 'n1',
      from: '+15550100501',
      at: t.deps.now(),
      content: { type: 'text', text: 'ils me frappent à Gao' },
    });
    await receive(t.deps, {
      channel: 'sms',
      messageId: 'n2',
      from: '+15550100502',
      at: t.deps.now(),
      content: { type: 'text', text: 'je veux parler à quelqu’un' },
    });
    await Promise.all(deliveries);
    expect(received).toHaveLength(1);
    const [only] = received;
    expect(only?.signature).toBe(await signMeta(only?.body ?? '', SECRET));
    const body = JSON.parse(only?.body ?? '{}');
    expect(Object.keys(body).sort()).toEqual(['at', 'category', 'id', 'severity']);
    expect(body).toMatchObject({ category: 'danger', severity: 'high', at: t.deps.now() });
    expect(only?.body).not.toMatch(/frappent|Gao|15550100501/);
  });

  it('logs a failed notification and goes on', async () => {
    const t = testDeps();
    const notify = createNotifier({ url: 'http://127.0.0.1:1/none', secret: SECRET, log: t.log });
    await notify({ key: 'k', id: 'h1', category: 'danger', severity: 'high' });
    expect(t.log.lines.join('\n')).toContain('notify.failed');
  });
});
