import { METRICS_SQL } from '../metrics';
import { SqlObject } from './sql-object';

/** A counter as it crosses the RPC boundary: [day, field, n] (field: see `fieldOf`). */
export type CounterRow = [day: string, field: string, n: number];

/** The methods the metrics object answers over RPC. */
export interface MetricsRpc {
  /** Add to `day`'s counters and forget days before `oldest`, in one transaction. */
  add(day: string, counters: [field: string, n: number][], oldest: string): Promise<void>;
  /** Every counter from `from` to `to`, both included. */
  read(from: string, to: string): Promise<CounterRow[]>;
}

/**
 * The daily counters of a deployment: one object with one SQLite table, as the Node SQLite
 * metrics file. One object is enough for an information line's traffic (one small write per
 * message step); a deployment that outgrows it would shard by day.
 */
export class MetricsObject extends SqlObject implements MetricsRpc {
  protected readonly schema = METRICS_SQL.table;

  async add(day: string, counters: [string, number][], oldest: string): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      for (const [field, n] of counters) this.sql(METRICS_SQL.add, day, field, n);
      this.sql(METRICS_SQL.purge, oldest);
    });
  }

  async read(from: string, to: string): Promise<CounterRow[]> {
    return this.sql<{ day: string; field: string; n: number }>(METRICS_SQL.read, from, to)
      .toArray()
      .map((r): CounterRow => [r.day, r.field, r.n]);
  }
}
