import type { HandoffService } from '../../src/handoff/service';

/**
 * Scripted traffic for the reports, driven through whatever front door a test has (the
 * pipeline's receive(), or the signed webhooks): 13 people, all by SMS.
 * - 6 choose French and type a question sira does not know ("blorptastique zorgle quoi");
 *   the first also asks for the centre in Gao (answered) and types another unknown question;
 * - 5 write in distress in English; a worker replies after 1, 3, 8, 12 and 40 minutes
 *   (buckets 1, 5, 10, 15, 45: median 10, 90th percentile 45) and closes;
 * - 1 chooses French and erases everything; 1 chooses English and opts out.
 */
export const EXPECTED = {
  started: 13,
  french: 7,
  notUnderstood: 7,
  unknownWords: 'blorptastique zorgle quoi',
  escalations: 5,
  median: 10,
  p90: 45,
};

/** How long each escalated person waits for a worker's reply, in minutes. */
const REPLY_MINUTES = [1, 3, 8, 12, 40];

/** How far the traffic moves the test's clock on (`advance`). */
export const TRAFFIC_MS = REPLY_MINUTES.reduce((sum, m) => sum + m, 0) * 60_000;

export async function playReportTraffic(t: {
  say(from: string, text: string): Promise<string>;
  hotline: HandoffService;
  advance(ms: number): void;
}): Promise<void> {
  const person = (i: number) => `+155501003${String(i).padStart(2, '0')}`;
  for (let i = 0; i < 6; i++) {
    await t.say(person(i), 'bonjour');
    await t.say(person(i), '1');
    if (i === 0) await t.say(person(i), 'ou est le centre de gao');
    if (i === 0) await t.say(person(i), 'wibble wobble frobnicate');
    await t.say(person(i), 'blorptastique zorgle quoi');
  }
  for (const [i, minutes] of REPLY_MINUTES.entries()) {
    const key = await t.say(person(10 + i), 'they are beating me');
    t.advance(minutes * 60_000);
    await t.hotline.claim(key, 'awa');
    await t.hotline.reply(key, 'awa', 'Hello, I am Awa.');
    await t.hotline.close(key, 'awa', 'referred');
  }
  await t.say(person(20), 'bonjour');
  await t.say(person(20), '1');
  await t.say(person(20), 'EFFACER');
  await t.say(person(20), 'oui');
  await t.say(person(21), 'hello');
  await t.say(person(21), '2');
  await t.say(person(21), 'STOP');
}
