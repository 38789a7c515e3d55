import { createHash, randomUUID } from 'node:crypto';
import { AbortError, ClientClosedError, ClientOfflineError, createClient, ErrorReply } from 'redis';
import type { ClosedHandoff } from '../core/conversation/handoff';
import { StoreError } from '../core/errors';
import { type ConversationRecord, handoffSince, wakeAt } from '../core/record';
import { claimDigest } from './claim-digest';
import { createLocalLock } from './local-lock';
import { sharedDeadlines } from './redis-deadline';
import type { AuditEntry, SweptStore } from './store';

export interface RedisStoreOptions {
  url: string;
  /** Put before every key, so several deployments or test runs can share one Redis. */
  prefix: string;
  /** Told about connection trouble (the client retries by itself); never given personal data. */
  onError?: (error: Error) => void;
}

/**
 * Fail fast rather than hang a webhook: a provider that gets a 503 retries, one that times out
 * may not. While the connection is down commands are refused at once (no offline queue), a
 * command that cannot be written within COMMAND_TIMEOUT_MS (see redis-deadline.ts) fails, and
 * the client reconnects in the background with a capped backoff. A connection that drops fails
 * what it carried.
 */
const CONNECT_TIMEOUT_MS = 2_000;
const COMMAND_TIMEOUT_MS = 2_000;
const RECONNECT_MAX_MS = 1_000;
/** At start a Redis that does not answer after this many tries is a configuration error. */
const START_TRIES = 3;

/**
 * The conversation lock. Held by `SET NX PX` with a random token and released only by its
 * holder (compare-and-delete). Its TTL is short so a dead holder frees it within
 * LOCK_TTL_MS, and it is renewed every third of that while the work runs, so slow work (a send
 * that waits on a provider) never outlives it. A waiter retries with jittered backoff for at
 * most LOCK_WAIT_MS, then gives up as `unavailable` (503: the provider retries later).
 * 10 s, not more: an instance that dies holding it delays that person's safe reply and next
 * message by up to this long (renewal every ~3 s keeps live work covered).
 */
export const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 10_000;
const LOCK_BACKOFF_MS = { first: 2, max: 100 };

/** A claim's value: taken and being handled, or handled (see ConversationStore.confirmed). */
const IN_FLIGHT = 'p';
const HANDLED = 'd';

/** Replies from Redis that mean "not now" (memory, failover, loading, busy script), not a bug. */
const TRANSIENT_REPLY =
  /^(OOM|READONLY|LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|MISCONF)\b/;

/**
 * Compare-and-set save: the record (a hash of seq and json) and its places in the due index and
 * the hotline queue change together or not at all. Returns -1 when saved, else the seq found.
 * An index expires no sooner than the last record it may point to, so it never outlives its
 * data. KEYS: record, due, queue. ARGV: expected seq, seq, json, expiresAt, wakeAt or '',
 * member, handoff opened at or ''.
 */
const SAVE = script(`
  local found = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
  if found ~= tonumber(ARGV[1]) then return found end
  redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'json', ARGV[3])
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  local function place(index, score)
    if score == '' then
      redis.call('ZREM', index, ARGV[6])
    else
      redis.call('ZADD', index, score, ARGV[6])
      if redis.call('PEXPIRETIME', index) < tonumber(ARGV[4]) then
        redis.call('PEXPIREAT', index, ARGV[4])
      end
    end
  end
  place(KEYS[2], ARGV[5])
  place(KEYS[3], ARGV[7])
  return -1
`);

/** Drop a due entry whose record has expired, unless the record came back meanwhile. */
const FORGET_IF_GONE = script(`
  if redis.call('EXISTS', KEYS[2]) == 0 then return redis.call('ZREM', KEYS[1], ARGV[1]) end
  return 0
`);

/**
 * Keep a closed escalation: its own key expiring at its own time, and its id in the
 * conversation's archive set, which lives as long as the longest-lived entry it lists.
 * KEYS: entry, set. ARGV: id, json, expiresAt.
 */
const ARCHIVE = script(`
  redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
  redis.call('SADD', KEYS[2], ARGV[1])
  if redis.call('PEXPIRETIME', KEYS[2]) < tonumber(ARGV[3]) then
    redis.call('PEXPIREAT', KEYS[2], ARGV[3])
  end
`);

/**
 * Keep an audit entry in a sorted set scored by its expiry, dropping the expired ones as it
 * goes; the set itself expires with its longest-lived entry. KEYS: audit. ARGV: json, expiresAt,
 * now.
 */
const AUDIT = script(`
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  if redis.call('PEXPIRETIME', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  end
`);

/**
 * Take a conversation's lock and read its record in one round trip: every locked section
 * begins by loading the record, and this spares it a command. KEYS: lock, record. ARGV: token,
 * ttl. Returns {0} when the lock is held by another, else {1, json or nil}.
 */
const LOCK_AND_LOAD = script(`
  if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {1, redis.call('HGET', KEYS[2], 'json')}
  end
  return {0}
`);

const UNLOCK = script(`
  if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
  return 0
`);

const RENEW = script(`
  if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return 0
`);

/**
 * The store for several Node instances sharing one Redis (7.0 or newer; not Redis Cluster: a
 * save touches the record and the due index in one script). Key layout, all under `prefix`:
 *
 * | key              | type   | holds                                   | expiry                       |
 * |------------------|--------|-----------------------------------------|------------------------------|
 * | `r:<key>`        | hash   | `seq`, `json` of one conversation       | the record's `expiresAt`     |
 * | `due`            | zset   | conversation keys, score = next send    | the latest `expiresAt` added |
 * | `queue`          | zset   | keys with an open escalation, by age    | the latest `expiresAt` added |
 * | `c:<digest>`     | string | a claimed provider message id (digest)  | the claim TTL                |
 * | `l:<key>`        | string | the lock holder's random token          | LOCK_TTL_MS, renewed         |
 * | `a:<key>:<id>`   | string | `json` of one closed escalation         | its own (transcript days)    |
 * | `A:<key>`        | set    | the ids of a conversation's `a:` keys   | its longest-lived entry      |
 * | `audit`          | zset   | content-free audit entries, by expiry   | its longest-lived entry      |
 *
 * `<key>` is the conversation's pseudonym; no phone number or message id appears in a key.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<SweptStore> {
  const { client, close } = await connect(options);
  const { prefix } = options;
  const k = {
    record: (key: string) => `${prefix}r:${key}`,
    due: `${prefix}due`,
    queue: `${prefix}queue`,
    claim: (messageId: string) => `${prefix}c:${claimDigest(messageId)}`,
    lock: (key: string) => `${prefix}l:${key}`,
    archive: (key: string, id: string) => `${prefix}a:${key}:${id}`,
    archives: (key: string) => `${prefix}A:${key}`,
    audit: `${prefix}audit`,
  };
  const eval_ = (s: Script, keys: string[], args: string[]) => runScript(client(), s, keys, args);
  const localLock = createLocalLock();

  /**
   * Records read with their lock, for the holder's first `load` of them. An entry lives from
   * the lock's taking until that load, a save or delete of the record, or the lock's release,
   * so it is the record as it is in Redis: only the lock holder writes it (and should anything
   * else, the holder's compare-and-set save would fail and step again on a fresh load).
   */
  const readWithLock = new Map<string, string | null>();

  /** Take the lock of `key` as `token`, and read its record with it (see LOCK_AND_LOAD). */
  const acquire = async (key: string, token: string) => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const [taken, json] = (await call('lock', () =>
        eval_(LOCK_AND_LOAD, [k.lock(key), k.record(key)], [token, String(LOCK_TTL_MS)]),
      )) as [number, string | null];
      if (taken === 1) {
        readWithLock.set(key, json ?? null);
        return;
      }
      if (Date.now() >= deadline) {
        throw new StoreError('unavailable', 'redis lock: the conversation stayed busy');
      }
      const ceiling = Math.min(LOCK_BACKOFF_MS.max, LOCK_BACKOFF_MS.first * 2 ** attempt);
      await sleep(ceiling / 2 + (Math.random() * ceiling) / 2);
    }
  };

  return {
    kind: 'redis',
    async load(key) {
      const read = readWithLock.get(key);
      readWithLock.delete(key);
      const json =
        read !== undefined ? read : await call('load', () => client().hGet(k.record(key), 'json'));
      return json ? (JSON.parse(json) as ConversationRecord) : null;
    },
    async save(record, expectedSeq) {
      readWithLock.delete(record.key);
      const wake = wakeAt(record);
      const since = handoffSince(record);
      const found = await call('save', () =>
        eval_(
          SAVE,
          [k.record(record.key), k.due, k.queue],
          [
            String(expectedSeq),
            String(record.seq),
            JSON.stringify(record),
            String(record.expiresAt),
            wake === null ? '' : String(wake),
            record.key,
            since === null ? '' : String(since),
          ],
        ),
      );
      if (found !== -1) {
        throw new StoreError('conflict', `expected seq ${expectedSeq}, found ${String(found)}`);
      }
    },
    async claim(messageId, ttlMs) {
      const set = await call('claim', () =>
        client().set(k.claim(messageId), IN_FLIGHT, {
          condition: 'NX',
          expiration: { type: 'PX', value: ttlMs },
        }),
      );
      return set === 'OK';
    },
    async release(messageId) {
      await call('release', () => client().del(k.claim(messageId)));
    },
    async confirm(messageId, ttlMs) {
      // Only a claim still there: one that lapsed meanwhile is not brought back as handled.
      await call('confirm', () =>
        client().set(k.claim(messageId), HANDLED, {
          condition: 'XX',
          expiration: { type: 'PX', value: ttlMs },
        }),
      );
    },
    async confirmed(messageId) {
      return (await call('confirmed', () => client().get(k.claim(messageId)))) === HANDLED;
    },
    withLock(key, fn) {
      // Queue locally first: this instance's callers then keep their order and only one of
      // them at a time competes for the Redis lock.
      return localLock(key, async () => {
        const lockKey = k.lock(key);
        const token = randomUUID();
        await acquire(key, token);
        const renew = setInterval(() => {
          // A failed renewal is not fatal: the lock then expires, and the CAS on save still
          // refuses any write based on a stale read.
          eval_(RENEW, [lockKey], [token, String(LOCK_TTL_MS)]).catch(() => {});
        }, LOCK_TTL_MS / 3);
        try {
          return await fn();
        } finally {
          readWithLock.delete(key);
          clearInterval(renew);
          // If Redis is unreachable now the lock is left to expire: the work's own outcome
          // (result or error) is what the caller needs to see.
          await eval_(UNLOCK, [lockKey], [token]).catch(() => {});
        }
      });
    },
    async due(now, limit) {
      const keys = await call('due', () =>
        client().zRangeByScore(k.due, '-inf', now, { LIMIT: { offset: 0, count: limit } }),
      );
      const live = await call('due', () =>
        Promise.all(keys.map((key) => client().exists(k.record(key)))),
      );
      const gone = keys.filter((_, i) => live[i] === 0);
      await call('due', () =>
        Promise.all(gone.map((key) => eval_(FORGET_IF_GONE, [k.due, k.record(key)], [key]))),
      );
      return keys.filter((_, i) => live[i] === 1);
    },
    async handoffs(limit) {
      const keys = await call('handoffs', () => client().zRange(k.queue, 0, limit - 1));
      const json = await call('handoffs', () =>
        Promise.all(keys.map((key) => client().hGet(k.record(key), 'json'))),
      );
      const gone = keys.filter((_, i) => !json[i]);
      await call('handoffs', () =>
        Promise.all(gone.map((key) => eval_(FORGET_IF_GONE, [k.queue, k.record(key)], [key]))),
      );
      return json.flatMap((j) => (j ? [JSON.parse(j) as ConversationRecord] : []));
    },
    async archive(key, entry, expiresAt) {
      await call('archive', () =>
        eval_(
          ARCHIVE,
          [k.archive(key, entry.id), k.archives(key)],
          [entry.id, JSON.stringify(entry), String(expiresAt)],
        ),
      );
    },
    async archived(key) {
      const ids = await call('archived', () => client().sMembers(k.archives(key)));
      if (!ids.length) return [];
      const json = await call('archived', () => client().mGet(ids.map((id) => k.archive(key, id))));
      const gone = ids.filter((_, i) => !json[i]);
      if (gone.length) await call('archived', () => client().sRem(k.archives(key), gone));
      return json
        .flatMap((j) => (j ? [JSON.parse(j) as ClosedHandoff] : []))
        .sort((a, b) => a.closedAt - b.closedAt);
    },
    async audit(entry, expiresAt) {
      await call('audit', () =>
        eval_(AUDIT, [k.audit], [JSON.stringify(entry), String(expiresAt), String(Date.now())]),
      );
    },
    async audits(limit) {
      // The latest expiries first, `limit` of them: every entry is kept the same number of days
      // (SIRA_AUDIT_DAYS), so these are the newest, read without the whole year's log.
      const json = await call('audits', () =>
        client().zRange(k.audit, '+inf', Date.now(), {
          BY: 'SCORE',
          REV: true,
          LIMIT: { offset: 0, count: limit },
        }),
      );
      return json.map((j) => JSON.parse(j) as AuditEntry).sort((a, b) => b.at - a.at);
    },
    async delete(key) {
      readWithLock.delete(key);
      const ids = await call('delete', () => client().sMembers(k.archives(key)));
      await call('delete', () =>
        client()
          .multi()
          .del([k.record(key), k.archives(key), ...ids.map((id) => k.archive(key, id))])
          .zRem(k.due, key)
          .zRem(k.queue, key)
          .exec(),
      );
    },
    close,
  };
}

export interface RedisConnection {
  /** The client to send a command with now, its wait to be written bounded (redis-deadline.ts). */
  client: () => RedisClient;
  close(): Promise<void>;
}

/**
 * Connect, or throw `unavailable` when Redis does not answer at start (an operator's mistake
 * to report at once). Once connected, the client reconnects forever with a capped backoff.
 */
export async function connect(options: RedisStoreOptions): Promise<RedisConnection> {
  let connected = false;
  const client = configuredClient(options.url, () => connected);
  // Without a listener an 'error' event would crash the process; the client retries anyway.
  client.on('error', (error: Error) => options.onError?.(error));
  client.on('ready', () => {
    connected = true;
  });
  try {
    await client.connect();
  } catch (error) {
    throw new StoreError('unavailable', 'redis: no answer at start', { cause: error });
  }
  return {
    client: sharedDeadlines(client, COMMAND_TIMEOUT_MS),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

/**
 * Run one Redis call, turning connection trouble and "not now" replies into `unavailable`,
 * `uncertain` unless the command surely never ran (see StoreError.uncertain).
 */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) throw error;
    const reason = error instanceof Error ? error.name : 'unknown';
    throw new StoreError('unavailable', `redis ${what}: ${reason}`, {
      cause: error,
      uncertain: !surelyNotRun(error),
    });
  }
}

/**
 * Errors of a command that surely did not run: refused before it was sent (the client closed or
 * offline, its deadline passed while it waited to be written, see redis-deadline.ts), or refused
 * by Redis's own answer ("not now"). A dropped connection fails the commands it had carried too,
 * whether Redis ran them or not: those are uncertain. (node-redis draws the same line for its
 * own rollbacks.)
 */
const surelyNotRun = (error: unknown) =>
  error instanceof ClientClosedError ||
  error instanceof ClientOfflineError ||
  error instanceof AbortError ||
  error instanceof ErrorReply;

/** node-redis's client with our settings: fail fast, reconnect in the background. */
function configuredClient(url: string, connected: () => boolean) {
  return createClient({
    url,
    disableOfflineQueue: true,
    // The bound on a command's wait to be written is redis-deadline.ts's, not node-redis's
    // per-command timeout (0 turns that off). Only the wait before writing is bounded, so a
    // command that failed on it surely did not run. A deadline on the answer instead would make
    // a slow save that did commit look failed: the in-band path would then drop replies it had
    // just taken out of the outbox (the Redis outage test lost one that way).
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) =>
        !connected() && retries >= START_TRIES
          ? cause
          : Math.min(RECONNECT_MAX_MS, 50 * 2 ** retries),
    },
  });
}

type RedisClient = ReturnType<typeof configuredClient>;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** EVALSHA, loading the script with EVAL the first time this Redis sees it. */
async function runScript(
  client: RedisClient,
  s: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await client.evalSha(s.sha, { keys, arguments: args });
  } catch (error) {
    if (error instanceof ErrorReply && error.message.startsWith('NOSCRIPT')) {
      return client.eval(s.source, { keys, arguments: args });
    }
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
