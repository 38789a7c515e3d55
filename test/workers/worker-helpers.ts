/** What the Worker tests share; runs in workerd (Web APIs only). */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../src/entry/worker';
import { loadConfig } from '../../src/runtime/config';

/** The configuration the Worker reads from its bindings (wrangler.toml's test vars). */
export function workerConfig() {
  const strings = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return loadConfig(strings);
}

/** Answer one request through the deployed Worker, and wait for what it left for later. */
export async function workerFetch(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
