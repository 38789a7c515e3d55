/**
 * The reports count what happens, never what was said: scripted conversations through the real
 * pipeline, then the day's counters.
 */
import { describe, expect, it } from 'vitest';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { bucketOf, unknownWords } from '../src/core/metrics';
import { createHandoffService } from '../src/handoff/service';
import { receive } from '../src/runtime/inbound';
import { createMemoryMetrics, dayOf, type MetricRow } from '../src/store/metrics';
import { testDeps } from './helpers/runtime';

const content = compileContent(rawContent);

async function scripted() {
  const t = testDeps({ content, metrics: createMemoryMetrics() });
  let n = 0;
  const say = (from: string, text: string) =>
    receive(t.deps, {
      channel: 'sms',
      messageId: `m${++n}`,
      from,
      at: 0,
      content: { type: 'text', text },
    });
  const [ana, ben, chi] = ['+15550100031', '+15550100032', '+15550100033'];
  await say(ana, 'bonjour');
  await say(ana, '1'); // français
  await say(ana, 'ou est le centre de gao');
  await say(ana, 'blorptastique zorgle 12345 quoi');
  await say(ben, 'hello');
  await say(ben, '2'); // English
  await say(ben, 'STOP');
  const { key } = await say(chi, 'they are beating me');
  const hotline = createHandoffService(t.deps);
  t.universe.advance(4 * 60_000);
  await hotline.claim(key, 'awa');
  await hotline.reply(key, 'awa', 'Hello, I am Awa.');
  t.universe.advance(30 * 60_000);
  await hotline.close(key, 'awa', 'referred');
  const day = dayOf(t.universe.now());
  return (await t.deps.metrics?.read(day, day)) ?? [];
}

const total = (rows: MetricRow[], name: string, labels: Record<string, string> = {}) =>
  rows
    .filter((r) => r.name === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v))
    .reduce((sum, r) => sum + r.n, 0);

describe('the reports count', () => {
  it('conversations, languages, topics, cities, questions, escalations, times and opt-outs', async () => {
    const rows = await scripted();
    expect(total(rows, 'conversation_started', { channel: 'sms' })).toBe(3);
    expect(total(rows, 'language_chosen', { lng: 'fr' })).toBe(1);
    expect(total(rows, 'language_chosen', { lng: 'en' })).toBe(2);
    expect(total(rows, 'node_viewed', { flow: 'main', node: 'menu' })).toBeGreaterThanOrEqual(2);
    expect(total(rows, 'city_asked', { city: 'gao' })).toBe(1);
    expect(total(rows, 'question', { outcome: 'answered' })).toBe(1);
    expect(rows).toContainEqual(
      expect.objectContaining({
        name: 'question',
        labels: { outcome: 'not_understood', lng: 'fr', words: 'blorptastique zorgle quoi' },
      }),
    );
    expect(total(rows, 'escalation', { category: 'danger', severity: 'high' })).toBe(1);
    expect(total(rows, 'first_reply_minutes', { bucket: '5' })).toBe(1);
    expect(total(rows, 'closed_minutes', { bucket: '45' })).toBe(1);
    expect(total(rows, 'opt_out', { channel: 'sms' })).toBe(1);
  });

  it('keeps no message text, number or conversation key in any counter', async () => {
    const rows = JSON.stringify(await scripted());
    expect(rows).not.toMatch(/beating|Awa|1555010|gao ou|bonjour/i);
  });
});

describe('what a counter may hold', () => {
  it('keeps at most six words of three letters or more, and no digits', () => {
    expect(unknownWords('appelle moi au 70 12 34 56 stp ok mon ami je suis perdu')).toBe(
      'appelle moi stp mon ami suis',
    );
  });

  it('puts a time into the bucket of its upper bound', () => {
    expect(bucketOf(0.5)).toBe('1');
    expect(bucketOf(4)).toBe('5');
    expect(bucketOf(5)).toBe('5');
    expect(bucketOf(2000)).toBe('more');
  });
});
