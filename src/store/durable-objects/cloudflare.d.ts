/**
 * The part of the Workers runtime API that sira uses, declared by hand. The generated runtime
 * types (`wrangler types`) redeclare Request, Response and the rest of the DOM globals this
 * project already takes from `lib: DOM`, and would have to be regenerated with every workerd.
 * These few declarations follow https://developers.cloudflare.com/durable-objects/api/.
 */
declare module 'cloudflare:workers' {
  export interface SqlStorageCursor<T> {
    toArray(): T[];
    one(): T;
  }
  export interface SqlStorage {
    exec<T = Record<string, string | number | null>>(
      query: string,
      ...bindings: (string | number | null)[]
    ): SqlStorageCursor<T>;
  }
  export interface DurableObjectStorage {
    readonly sql: SqlStorage;
    transactionSync<T>(fn: () => T): T;
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number): Promise<void>;
    deleteAlarm(): Promise<void>;
    deleteAll(): Promise<void>;
  }
  export interface DurableObjectState {
    readonly storage: DurableObjectStorage;
    waitUntil(promise: Promise<unknown>): void;
  }
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
  /** Keep the current request or event alive until `promise` settles (ctx.waitUntil, anywhere). */
  export function waitUntil(promise: Promise<unknown>): void;
}

/** A Durable Object namespace binding, typed by the RPC methods its objects expose. */
interface DurableObjectNamespace<T> {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): T;
}
interface DurableObjectId {
  toString(): string;
}

/** The third argument of a Worker's `fetch`. */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: unknown;
}
