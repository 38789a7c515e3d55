/**
 * Two `npm start` instances behind one Redis, over real HTTP with signed Twilio webhooks
 * (issue 8's proof). 50 people write 40 messages each (2,000); every message is delivered
 * twice, once to each instance, the second copy late (0–300 ms), so it overtakes later
 * messages: deliveries are out of order across instances.
 *
 * What is guaranteed, and checked: each person's messages are handled one at a time, in the
 * order they are first received, each on top of the state the previous one left (the lock and
 * the compare-and-set save), and each exactly once. So every message's replies are exactly
 * those of a single process receiving the person's messages one by one (the sequential
 * reference), they come once (in the first copy's TwiML; the late copy's answer is empty and
 * nothing is left for the REST sender), and the final conversation state is the reference's.
 * (Order by the provider's timestamp cannot be promised for separate webhooks: a message that
 * arrives later is handled later. Inside one WhatsApp batch, timestamp order is kept.)
 */
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../src/runtime/pseudonym';
import { createRedisStore } from '../src/store/redis';
import { startFakeTwilio } from './helpers/fake-twilio';
import {
  conversationState,
  deploymentEnv,
  type Instance,
  postSms,
  SECRET,
  sequentialReplies,
  smsForm,
  startInstance,
} from './helpers/instances';
import { REDIS_URL, redisReady, testPrefix } from './helpers/redis';

const ready = await redisReady();
const prefix = testPrefix();
const PEOPLE = 50;
const PER_PERSON = 40;
const TEXTS = ['bonjour', '1', '2', '1', '0', 'menu', '3', 'retour', '9', '2'];

// Its keys are removed after the file by the instances helper, which wrote them (instances.ts).

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)('two instances on one Redis, over HTTP', () => {
  it('answers each of 2,000 messages delivered twice across instances exactly once, in order', async () => {
    const twilio = await startFakeTwilio();
    const env = { ...deploymentEnv(twilio.url), REDIS_URL, SIRA_REDIS_PREFIX: prefix };
    const instances: Instance[] = await Promise.all([startInstance(env), startInstance(env)]);

    const person = (p: number) => `+1555010${String(1000 + p).padStart(4, '0')}`;
    const formsOf = (p: number) =>
      Array.from({ length: PER_PERSON }, (_, n) =>
        smsForm(person(p), p * 1000 + n + 1, TEXTS[(p + n) % TEXTS.length] as string),
      );

    const late: Promise<{ status: number; replies: string[] }>[] = [];
    const got = await Promise.all(
      Array.from({ length: PEOPLE }, async (_, p) => {
        const replies: string[][] = [];
        for (const form of formsOf(p)) {
          const first = pick(instances);
          const second = instances.find((i) => i !== first) as Instance;
          const answer = await postSms(first.url, form);
          expect(answer.status).toBe(200);
          replies.push(answer.replies);
          late.push(sleep(Math.random() * 300).then(() => postSms(second.url, form)));
        }
        return replies;
      }),
    );
    const duplicates = await Promise.all(late);
    expect(duplicates).toHaveLength(PEOPLE * PER_PERSON);
    for (const d of duplicates) expect(d).toEqual({ status: 200, replies: [] });

    const store = await createRedisStore({ url: REDIS_URL, prefix });
    const pseudonymise = createPseudonymiser(SECRET);
    for (let p = 0; p < PEOPLE; p++) {
      const reference = await sequentialReplies(env, formsOf(p));
      expect(got[p], `person ${p}`).toEqual(reference.replies);
      const record = await store.load(await pseudonymise(`sms:${person(p)}`));
      expect(conversationState(record), `person ${p}`).toEqual(reference.state);
    }
    // Nothing was left for the REST sender: every reply went out once, in a TwiML answer.
    await sleep(1_500);
    expect(twilio.sends).toEqual([]);
    await store.close();
    await twilio.close();
  }, 120_000);
});
