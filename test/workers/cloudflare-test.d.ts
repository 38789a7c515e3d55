/**
 * What the workerd tests use from `cloudflare:test` and `cloudflare:workers`, declared by hand
 * for the same reason as src/store/durable-objects/cloudflare.d.ts.
 * @see https://developers.cloudflare.com/workers/testing/vitest-integration/test-apis/
 */
declare module 'cloudflare:test' {
  /** An ExecutionContext whose waitUntil work `waitOnExecutionContext` waits for. */
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  /** Run the object's alarm now if one is set; true if it ran. */
  export function runDurableObjectAlarm(stub: unknown): Promise<boolean>;
  export function runInDurableObject<O, R>(
    stub: unknown,
    callback: (
      instance: O,
      state: import('cloudflare:workers').DurableObjectState,
    ) => R | Promise<R>,
  ): Promise<R>;
}

declare module 'cloudflare:workers' {
  /** The key-value API of an object's storage (sira uses SQL only; the privacy scan reads both). */
  export interface DurableObjectStorage {
    list(): Promise<Map<string, unknown>>;
  }
  /** The bindings of the Worker under test. */
  export const env: import('../../src/entry/worker').WorkerEnv;
  /** The Worker under test's exports: `exports.default.fetch(request)`. */
  export const exports: { default: { fetch(request: Request): Promise<Response> } };
}
