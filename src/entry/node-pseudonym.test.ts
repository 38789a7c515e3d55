import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../runtime/pseudonym';
import { createNodePseudonymiser } from './node-pseudonym';

describe('node pseudonymiser', () => {
  it('gives exactly the keys of the Web Crypto one, so stores stay readable by both', async () => {
    const secret = 'a-secret-that-is-long-enough-0123456789';
    const web = createPseudonymiser(secret);
    const node = createNodePseudonymiser(secret);
    for (const address of ['sms:+15550100001', 'whatsapp:15550100002', 'sms:+15550100003é']) {
      expect(await node(address)).toBe(await web(address));
    }
    expect(await createNodePseudonymiser('another-secret-long-enough-0123456789')('x')).not.toBe(
      await node('x'),
    );
  });
});
