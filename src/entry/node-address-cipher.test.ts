import { describe, expect, it } from 'vitest';
import { AddressError, createAddressCipher } from '../runtime/address-cipher';
import { createNodeAddressCipher } from './node-address-cipher';

const SECRET = 'node-cipher-test-secret-node-cipher-test-secret';

describe('sealed addresses with node:crypto', () => {
  it('opens what Web Crypto sealed, and Web Crypto opens what it seals', async () => {
    const web = createAddressCipher(SECRET);
    const node = createNodeAddressCipher(SECRET);
    for (const address of ['+15550100001', 'whatsapp:+15550100002', '15550100003']) {
      expect(await node.open('key-a', await web.seal('key-a', address))).toBe(address);
      expect(await web.open('key-a', await node.seal('key-a', address))).toBe(address);
    }
  });

  it('refuses another conversation, another secret, or a changed ciphertext', async () => {
    const node = createNodeAddressCipher(SECRET);
    const sealed = await node.seal('key-a', '+15550100001');
    await expect(node.open('key-b', sealed)).rejects.toBeInstanceOf(AddressError);
    await expect(
      createNodeAddressCipher(`${SECRET}x`).open('key-a', sealed),
    ).rejects.toBeInstanceOf(AddressError);
    const at = sealed.length - 5;
    const changed = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    await expect(node.open('key-a', changed)).rejects.toBeInstanceOf(AddressError);
    await expect(node.open('key-a', '+15550100001')).rejects.toBeInstanceOf(AddressError);
  });

  it('never repeats an IV, past several refills of its pool, and every seal still opens', async () => {
    const node = createNodeAddressCipher(SECRET);
    const sealed = [];
    for (let i = 0; i < 1_000; i++) sealed.push(await node.seal('key-a', '+15550100001'));
    const ivs = new Set(sealed.map((s) => s.split(':')[1]));
    expect(ivs.size).toBe(sealed.length);
    for (const s of sealed) expect(await node.open('key-a', s)).toBe('+15550100001');
  });
});
