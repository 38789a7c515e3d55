import { DurableObject } from 'cloudflare:workers';

type Binding = string | number | null;

/**
 * A Durable Object over its own SQLite storage whose tables are created on first use, once per
 * instance: each object class names its `schema`, and every query goes through `sql`.
 */
export abstract class SqlObject<Env = unknown> extends DurableObject<Env> {
  /** The CREATE … IF NOT EXISTS statements of this object's tables. */
  protected abstract readonly schema: string;
  private ready = false;

  protected sql<T = Record<string, Binding>>(query: string, ...bindings: Binding[]) {
    if (!this.ready) {
      this.ctx.storage.sql.exec(this.schema);
      this.ready = true;
    }
    return this.ctx.storage.sql.exec<T>(query, ...bindings);
  }

  /** Delete everything this object stores; its tables come back at the next query. */
  protected async wipe(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.ready = false;
  }
}
