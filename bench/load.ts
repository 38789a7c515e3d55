/**
 * The load generator, run in its own process by whatsapp.ts so that firing requests does not
 * share an event loop with the server it measures. Each request is a distinct Meta-shaped text
 * webhook from one of many fictional senders, signed as Meta signs it.
 * Usage: node --import tsx bench/load.ts '{"url":…,"secret":…,"seconds":…,"connections":…}'
 */
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';

interface LoadOptions {
  url: string;
  secret: string;
  seconds: number;
  connections: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
let n = 0;

/** Fictional senders only: +1 555 01xx xxxx. */
function webhook(i: number): string {
  const from = `1555010${String(i % 10_000).padStart(4, '0')}`;
  const message = {
    from,
    id: `wamid.bench.${process.pid}.${i}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: 'text',
    text: { body: 'Bonjour, o\\u00f9 est le centre ?' },
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Bench' }, wa_id: from }],
              messages: [message],
            },
          },
        ],
      },
    ],
  });
}

const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.seconds,
  requests: [
    {
      method: 'POST',
      setupRequest: (request) => {
        const body = webhook(n++);
        const signature = createHmac('sha256', options.secret).update(body).digest('hex');
        return {
          ...request,
          body,
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': `sha256=${signature}`,
          },
        };
      },
    },
  ],
});

process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
