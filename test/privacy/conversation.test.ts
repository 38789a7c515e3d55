/**
 * Data protection as a person lives it, through the real pipeline (receive, deliver) on the
 * memory store: the privacy notice, erasure on request, the phone-safety word, and how long
 * closed escalations are kept.
 */
import { describe, expect, it } from 'vitest';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import type { Outbound } from '../../src/core/messages';
import { createHandoffService } from '../../src/handoff/service';
import { deliver } from '../../src/runtime/deliver';
import { receive } from '../../src/runtime/inbound';
import { createMemoryStore } from '../../src/store/memory';
import { testDeps } from '../helpers/runtime';
import { createUniverse } from '../helpers/universe';

const content = compileContent(rawContent);
const text = (m: Outbound) => ('text' in m ? m.text : '');
const NUMBER = '+15550100031';
const DAY = 86_400_000;

function setup() {
  const universe = createUniverse();
  const store = createMemoryStore({ now: universe.now });
  const t = testDeps({ content, store, now: universe.now, newId: universe.newId });
  const retention = { ...t.deps.retention, transcriptMs: 90 * DAY, conversationMs: 30 * DAY };
  t.deps.retention = retention;
  const hotline = createHandoffService(t.deps);
  let n = 0;
  const say = async (body: string, from = NUMBER) => {
    const before = t.sent.length;
    const receipt = await receive(t.deps, {
      channel: 'sms',
      messageId: `m${++n}`,
      from,
      at: universe.now(),
      content: { type: 'text', text: body },
    });
    await deliver(t.deps, receipt.key);
    return { key: receipt.key, got: t.sent.slice(before).map((s) => text(s.message)) };
  };
  return { ...t, universe, store, hotline, say };
}

describe('the privacy notice', () => {
  it('comes once with the first screen, says the configured days, and PRIVACY shows it again', async () => {
    const { say } = setup();
    await say('Bonjour');
    const chosen = (await say('1')).got.join('\n');
    expect(chosen).toContain('sira garde vos messages 30 jours');
    expect(chosen).toContain('(gardés 90 jours)');
    expect((await say('1')).got.join('\n')).not.toContain('sira garde');
    expect((await say('menu')).got.join('\n')).not.toContain('sira garde');
    const again = (await say('CONFIDENTIALITE')).got.join('\n');
    expect(again).toContain('sira garde vos messages');
    expect(again).toMatch(/1\. Centres/); // then the screen where the person is
  });

  it('is remembered as the version shown, not as text', async () => {
    const { say, store } = setup();
    await say('Bonjour');
    const { key } = await say('2');
    expect((await store.load(key))?.ctx.notice).toBe(1);
  });
});

describe('erasure on request', () => {
  it('asks first; anything but yes cancels and erases nothing', async () => {
    const { say, store } = setup();
    await say('Bonjour');
    const { key } = await say('1');
    expect((await say('EFFACER')).got.join('\n')).toContain('Effacer tout ce que sira garde');
    const cancelled = (await say('EFFACER')).got.join('\n');
    expect(cancelled).toContain("Rien n'a été effacé.");
    expect(cancelled).toMatch(/1\. Centres/);
    expect((await store.load(key))?.state).toBe('inFlow');
  });

  it('on yes sends one confirmation, then nothing of the person is left but a content-free audit entry', async () => {
    const { say, store } = setup();
    await say('Bonjour, je suis Fatou');
    const { key } = await say('1');
    await say('EFFACER');
    const done = await say('oui');
    expect(done.got).toEqual([expect.stringMatching(/^Effacé : sira ne garde plus rien/)]);
    expect(await store.load(key)).toBeNull();
    // Left: the four message-id claims (digests, until the redelivery window ends) and the audit.
    const left = store.dump();
    const [audit] = await store.audits(10);
    expect(audit).toEqual({
      id: expect.any(String),
      at: expect.any(Number),
      action: 'conversation.erased',
      channel: 'sms',
    });
    expect(left.filter((v) => v !== JSON.stringify(audit))).toEqual(
      Array(4).fill(expect.stringMatching(/^[\w-]{22}$/)),
    );
    expect(JSON.stringify(left)).not.toContain(key);
    expect(JSON.stringify(left)).not.toMatch(/Fatou|5550100031/);
  });

  it('starts over as a new conversation when the person writes again', async () => {
    const { say } = setup();
    await say('Bonjour');
    await say('1');
    await say('EFFACER');
    await say('oui');
    const again = (await say('Bonjour')).got.join('\n');
    expect(again).toContain('Votre langue ?');
  });

  it('during an escalation: erased from the queue, shown to the console as erased, transcript gone', async () => {
    const { say, store, hotline } = setup();
    await say('Bonjour');
    const { key } = await say("Mon patron m'a frappé, j'ai peur");
    const [open] = await hotline.queue();
    const id = open?.ctx.handoff?.id as string;
    expect(id).toBeTruthy();
    expect((await hotline.claim(key, 'awa')).ok).toBe(true);
    await say('EFFACER');
    // The worker can still act while the person is asked.
    expect((await hotline.note(key, 'awa', 'rappeler')).ok).toBe(true);
    await say('oui');
    expect(await hotline.queue()).toEqual([]);
    expect(await hotline.erased()).toEqual([
      { handoff: id, at: expect.any(Number), channel: 'sms' },
    ]);
    expect(await hotline.get(key)).toBeNull();
    expect(await hotline.reply(key, 'awa', 'Bonjour ?')).toEqual({ ok: false, code: 'not_found' });
    expect(JSON.stringify(store.dump())).not.toMatch(/patron|frappé|rappeler/);
  });

  it('is not offered to a person who opted out: they hear nothing until START', async () => {
    const { say } = setup();
    await say('Bonjour');
    await say('1');
    await say('STOP');
    expect((await say('EFFACER')).got).toEqual([]);
    expect((await say('oui')).got).toEqual([]);
  });

  it('gives way to danger: a disclosure instead of an answer escalates, erasing nothing', async () => {
    const { say, hotline } = setup();
    await say('Bonjour');
    const { key } = await say('1');
    await say('EFFACER');
    const got = (await say("Mon patron m'a frappé")).got.join('\n');
    expect(got).toMatch(/Merci de nous l'avoir dit|Une personne de l'équipe/);
    expect((await hotline.queue()).map((r) => r.key)).toEqual([key]);
  });

  it('takes closed escalations with it', async () => {
    const { say, store, hotline } = setup();
    await say('Bonjour');
    const { key } = await say("Mon patron m'a frappé");
    await hotline.claim(key, 'awa');
    await hotline.close(key, 'awa', 'referred');
    expect(await hotline.closed(key)).toHaveLength(1);
    await say('EFFACER');
    await say('oui');
    expect(await store.archived(key)).toEqual([]);
  });
});

describe('closed escalations', () => {
  it('are kept for the transcript days, after the conversation itself has expired', async () => {
    const { say, hotline, universe, store } = setup();
    await say('Bonjour');
    const { key } = await say("Mon patron m'a frappé");
    await hotline.claim(key, 'awa');
    await hotline.note(key, 'awa', 'orientée vers le centre');
    await hotline.close(key, 'awa', 'referred');
    const [closed] = await hotline.closed(key);
    expect(closed).toMatchObject({ outcome: 'referred', agent: 'awa' });
    expect(closed?.transcript.map((l) => l.text).join('\n')).toContain('Mon patron');
    universe.advance(31 * DAY);
    expect(await store.load(key)).toBeNull();
    expect(await hotline.closed(key)).toHaveLength(1);
    universe.advance(60 * DAY);
    expect(await hotline.closed(key)).toEqual([]);
  });
});

describe('the phone-safety word', () => {
  it('gets a neutral line only, leaves the topic without showing a menu, and never escalates', async () => {
    const { say, store, hotline } = setup();
    await say('Bonjour');
    await say('1');
    const { key } = await say('2'); // somewhere in a topic
    expect((await say('METEO')).got).toEqual(["Merci, c'est noté."]);
    const record = await store.load(key);
    expect(record?.ctx.pos).toEqual(content.entry);
    expect(record?.ctx.hist).toEqual([]);
    expect(await hotline.queue()).toEqual([]);
    // The next message starts from the main menu.
    expect((await say('1')).got.join('\n')).toMatch(/Centres par ville/);
  });

  it('drops a pending question about talking to someone', async () => {
    const { say, store } = setup();
    await say('Bonjour');
    await say('1');
    const asked = await say('je nai rien a manger depuis 3 jours');
    expect(asked.got.join('\n')).toMatch(/Voulez-vous parler/);
    expect((await say('METEO')).got).toEqual(["Merci, c'est noté."]);
    const record = await store.load(asked.key);
    expect(record?.state).toBe('inFlow');
    expect(record?.ctx.asked).toBeUndefined();
  });

  it('while the hotline has the conversation: the neutral line, and the escalation stays', async () => {
    const { say, hotline } = setup();
    await say('Bonjour');
    const { key } = await say("Mon patron m'a frappé");
    expect((await say('METEO')).got).toEqual(["Merci, c'est noté."]);
    expect((await hotline.queue()).map((r) => r.key)).toEqual([key]);
  });
});
