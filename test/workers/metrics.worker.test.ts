/**
 * The metrics contract (test/contracts/metrics.contract.ts) against the Durable Object metrics
 * store, in workerd; then the deployed Worker counting a signed webhook into it.
 */
import { env } from 'cloudflare:workers';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/store/metrics';
import { createDurableObjectMetrics } from '../../src/store/metrics-durable-object';
import { metricsContract } from '../contracts/metrics.contract';
import { workerConfig, workerFetch } from './worker-helpers';

metricsContract('durable-object', () => createDurableObjectMetrics(env));

describe('the Worker', () => {
  it('counts a conversation started by SMS in the metrics object', async () => {
    const twilio = workerConfig().twilio;
    const url = 'https://sira.example.org/webhooks/twilio';
    const params = {
      MessageSid: `SM${'c'.repeat(32)}`,
      AccountSid: twilio?.accountSid ?? '',
      From: '+15550100471',
      To: '+15550109999',
      Body: 'salut',
      NumMedia: '0',
    };
    const metrics = createDurableObjectMetrics(env);
    // Today and tomorrow: the request may land after midnight.
    const today = dayOf(Date.now());
    const tomorrow = dayOf(Date.now() + 86_400_000);
    const started = async () =>
      (await metrics.read(today, tomorrow))
        .filter((r) => r.name === 'conversation_started' && r.labels.channel === 'sms')
        .reduce((sum, r) => sum + r.n, 0);
    const before = await started();
    const response = await workerFetch(
      new Request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': getExpectedTwilioSignature(twilio?.authToken ?? '', url, params),
        },
        body: new URLSearchParams(params).toString(),
      }),
    );
    expect(response.status).toBe(200);
    expect(await started()).toBe(before + 1);
  });
});
