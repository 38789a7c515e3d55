/**
 * sira on Cloudflare Workers (`npx wrangler dev`, `npx wrangler deploy`). Wiring only: the
 * configuration from the Worker's bindings, the Durable Object stores, the same app as Node,
 * staff console included. The Durable Object classes are exported here because wrangler.toml
 * binds them by name.
 *
 * Known limitation: the console's simulator keeps its conversations in isolate memory
 * (console/simulator.tsx), so on Workers a simulation lives as long as the isolate that serves
 * it and is not seen by another isolate; an editor may find it restarted.
 */
import { waitUntil } from 'cloudflare:workers';
import type { Hono } from 'hono';
import { ensureFirstAdmin } from '../console/accounts';
import { consoleOptionsFrom } from '../console/routes';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import { createHandoffService } from '../handoff/service';
import { createApp } from '../runtime/app';
import { loadConfig } from '../runtime/config';
import { deliver } from '../runtime/deliver';
import type { RuntimeDeps } from '../runtime/deps';
import { depsFromConfig } from '../runtime/deps-from-config';
import { createLogger } from '../runtime/log';
import { createDurableObjectStore, type DurableObjectBindings } from '../store/durable-object';
import { ConversationObject as ConversationStorage } from '../store/durable-objects/conversation';
import { createDurableObjectMetrics, type MetricsBindings } from '../store/metrics-durable-object';
import { createDurableObjectStaffStore, type StaffBindings } from '../store/staff-durable-object';

export { ClaimsObject } from '../store/durable-objects/claims';
export { MetricsObject } from '../store/durable-objects/metrics';
export { QueueObject } from '../store/durable-objects/queue';
export { StaffObject } from '../store/durable-objects/staff';

/** The Worker's bindings: the Durable Objects of wrangler.toml, then vars and secrets. */
export type WorkerEnv = DurableObjectBindings &
  MetricsBindings &
  StaffBindings &
  Record<string, unknown>;

/**
 * Compiled when the isolate starts, not in its first request: compiling (validation, the
 * distress lexicon's indexes) takes ~180 ms of CPU on a cold isolate (`wrangler check startup`:
 * 66 ms of startup without it, 250 with), which a person's first message would otherwise wait
 * for. Cloudflare allows the global scope a second and may run it while the TLS handshake is
 * still going on. Every isolate of this script pays it once, those that only host Durable
 * Objects without content (claims, queue, metrics, staff) included: paid once per isolate
 * rather than by a person's message. `npm run bench` prints the startup figure.
 * @see https://developers.cloudflare.com/workers/platform/limits/#worker-startup-time
 */
const content = compileContent(rawContent);

/**
 * Built once per isolate and per environment: nothing in it holds a connection or other I/O
 * object (the store opens a stub per call), which Workers forbid sharing across requests.
 */
let built: { env: WorkerEnv; deps: RuntimeDeps; app: Hono; ready: Promise<unknown> } | undefined;

function build(env: WorkerEnv) {
  if (built?.env === env) return built;
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const config = loadConfig(strings);
  if (!config.secret) {
    // No per-run fallback as on Node: every isolate would pseudonymise differently.
    throw new Error('SIRA_SECRET is not set: `npx wrangler secret put SIRA_SECRET` (see README)');
  }
  const deps = {
    ...depsFromConfig(
      { ...config, secret: config.secret },
      createDurableObjectStore(env),
      createLogger(),
      // The notification webhook outlives the response that opened the escalation: declared
      // to the request (or the object's alarm) that runs it, or Workers may cancel it.
      { defer: waitUntil, content },
    ),
    metrics: createDurableObjectMetrics(env),
  };
  const staff = createDurableObjectStaffStore(env);
  // The first console admin comes from configuration here: `npm run staff` cannot reach a Worker.
  const first = config.staffConsole.firstAdmin;
  const ready = first ? ensureFirstAdmin(staff, first).catch(() => false) : Promise.resolve();
  const app = createApp(deps, {
    ...config,
    defer: (work, c) => c.executionCtx.waitUntil(work()),
    console: consoleOptionsFrom(config, staff, createHandoffService(deps)),
  });
  built = { env, deps, app, ready };
  return built;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { app, ready } = build(env);
    await ready;
    return app.fetch(request, env, ctx);
  },
};

/** A conversation's Durable Object; its alarm sends the conversation's due replies. */
export class ConversationObject extends ConversationStorage<WorkerEnv> {
  protected override wake(key: string): Promise<void> {
    return deliver(build(this.env).deps, key);
  }
}
