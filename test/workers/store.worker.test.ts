/**
 * The store contract (test/contracts/store.contract.ts) against the Durable Object store, in
 * workerd: the same objects, storage and RPC as on Cloudflare.
 */
import { env } from 'cloudflare:workers';
import { createDurableObjectStore } from '../../src/store/durable-object';
import { storeContract } from '../contracts/store.contract';

storeContract('durable-object', () => ({ store: createDurableObjectStore(env) }), {
  wakes: 'alarm',
});
