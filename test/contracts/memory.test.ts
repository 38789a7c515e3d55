import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory';
import { recordFor, storeContract } from './store.contract';

storeContract('memory', () => {
  let offset = 0;
  return {
    store: createMemoryStore({ now: () => Date.now() + offset }),
    advance: (ms) => {
      offset += ms;
    },
  };
});

describe('memory store bounds', () => {
  it('keeps at most maxRecords conversations, dropping the least recently saved', async () => {
    const store = createMemoryStore({ maxRecords: 2 });
    await store.save(recordFor('a'), 0);
    await store.save(recordFor('b'), 0);
    await store.save(recordFor('a', { seq: 2 }), 1);
    await store.save(recordFor('c'), 0);
    expect(await store.load('b')).toBeNull();
    expect(await store.load('a')).not.toBeNull();
    expect(await store.load('c')).not.toBeNull();
  });

  it('returns copies: changing a loaded record does not change the stored one', async () => {
    const store = createMemoryStore();
    await store.save(recordFor('a'), 0);
    const loaded = await store.load('a');
    loaded!.state = 'changed';
    expect((await store.load('a'))?.state).toBe('inFlow');
  });
});
