/**
 * Redis stopped for 30 seconds under load (issue 8's proof), over real HTTP: two `npm start`
 * instances on a Redis of this test's own (never the shared one), people writing throughout
 * and retrying as a provider does until they get a 200. While Redis is down every webhook gets
 * 503 (never a 500, never a dropped connection: nothing crashes); once it is back, every
 * message is answered, none twice: each person receives exactly the replies a single process
 * gives to their messages one by one, whether they came in a TwiML answer or, for replies
 * saved just before the stop whose answer could not be completed, by the REST sender later.
 * One case may give a reply twice, never none: taking replies out of the outbox for a TwiML
 * answer when Redis dies with the command sent, whether it ran unknown (runtime/in-band.ts).
 * The instance logs `twilio.commit_uncertain` then, and only so many replies may come twice.
 */
import { join } from 'node:path';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../src/runtime/pseudonym';
import { startFakeTwilio } from './helpers/fake-twilio';
import {
  deploymentEnv,
  freePort,
  type Instance,
  postSms,
  SECRET,
  sequentialReplies,
  smsForm,
  startInstance,
} from './helpers/instances';
import { redisServerAvailable, startRedisServer } from './helpers/redis-server';
import { tempDir } from './helpers/temp';

const available = redisServerAvailable();
const OUTAGE_MS = 30_000;
const PEOPLE = 20;
const PER_PERSON = 30;
/** A provider's retry interval, shortened: Twilio and Meta wait longer, the effect is the same. */
const RETRY_MS = 500;
/** Replies leased to an answer that never completed go out by REST when the lease (10 s) ends. */
const SETTLE_MS = 15_000;
const TEXTS = ['bonjour', '1', '2', '0', 'menu', '3', 'retour', '9'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const keyOf = createPseudonymiser(SECRET);

/** What is left of `all` once each item of `taken` is taken out of it once. */
function without<T>(all: readonly T[], taken: readonly T[]): T[] {
  const left = [...all];
  for (const item of taken) {
    const at = left.indexOf(item);
    if (at >= 0) left.splice(at, 1);
  }
  return left;
}

describe.skipIf(!available)('Redis stopped for 30 s under load', () => {
  it('answers 503 while it is down, then every message: none lost, none twice unless logged uncertain', async () => {
    const dir = tempDir('outage');
    const port = await freePort();
    let redis = await startRedisServer(join(dir), port);
    const twilio = await startFakeTwilio();
    const env = { ...deploymentEnv(twilio.url), REDIS_URL: redis.url, SIRA_REDIS_PREFIX: 'o:' };
    const instances: Instance[] = await Promise.all([startInstance(env), startInstance(env)]);

    const person = (p: number) => `+1555010${String(2000 + p).padStart(4, '0')}`;
    const formsOf = (p: number) =>
      Array.from({ length: PER_PERSON }, (_, n) =>
        smsForm(person(p), 500_000 + p * 1000 + n, TEXTS[(p + n) % TEXTS.length] as string),
      );
    const statuses = new Map<number, number>();
    let stop = false;

    const load = Promise.all(
      Array.from({ length: PEOPLE }, async (_, p) => {
        const replies: string[] = [];
        for (const form of formsOf(p)) {
          for (let attempt = 0; ; attempt++) {
            const answer = await postSms(instances[(p + attempt) % 2]?.url ?? '', form);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status === 200) {
              replies.push(...answer.replies);
              break;
            }
            if (stop) throw new Error(`person ${p} still refused after the outage`);
            await sleep(RETRY_MS);
          }
          // People write at a human-ish pace, so the load spans the outage.
          await sleep(100 + Math.random() * 200);
        }
        return replies;
      }),
    );

    await sleep(1_000);
    await redis.kill();
    const during = new Map(statuses);
    await sleep(OUTAGE_MS);
    redis = await startRedisServer(join(dir), port);
    const got = await load;
    stop = true;
    // Wait until no outbox holds anything (the due index is empty), at most SETTLE_MS.
    const look = createClient({ url: redis.url });
    await look.connect();
    for (let waited = 0; waited < SETTLE_MS && (await look.zCard('o:due')) > 0; waited += 200) {
      await sleep(200);
    }
    await look.close();
    await sleep(1_500); // a sweep round after the last send: nothing may go out twice

    // Requests during the outage were refused with 503, and only 503.
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect((statuses.get(503) ?? 0) - (during.get(503) ?? 0)).toBeGreaterThan(PEOPLE * 10);
    for (const instance of instances) {
      expect(instance.child.process.exitCode).toBeNull();
      expect((await fetch(`${instance.url}/healthz`)).status).toBe(200);
    }
    const logged = instances.flatMap((i) => i.child.lines) as {
      event?: string;
      key?: string;
      count?: number;
    }[];
    for (let p = 0; p < PEOPLE; p++) {
      const reference = await sequentialReplies(env, formsOf(p));
      const byRest = twilio.sends
        .filter((s) => s.params.To === person(p))
        .map((s) => s.params.Body);
      const received = [...(got[p] ?? []), ...byRest];
      if (byRest.length) console.log(`person ${p}: ${byRest.length} replies sent by REST`);
      const expected = reference.replies.flat();
      expect(without(expected, received), `person ${p}: not received`).toEqual([]);
      const key = await keyOf(`sms:${person(p)}`);
      const uncertain = logged
        .filter((l) => l.event === 'twilio.commit_uncertain' && l.key === key)
        .reduce((n, l) => n + (l.count ?? 0), 0);
      expect(without(received, expected).length, `person ${p}: twice`).toBeLessThanOrEqual(
        uncertain,
      );
    }
    await twilio.close();
  }, 120_000);
});
