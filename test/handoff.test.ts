/**
 * Escalation as a person and a hotline worker live it: distress in, a safe reply at once, the
 * conversation in the queue, a worker who claims, answers and closes, the bot back after.
 * Through the real pipeline (receive, deliver) on the memory store with a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import type { InboundContent, Outbound } from '../src/core/messages';
import { smsCost, toGsm7 } from '../src/core/render/gsm7';
import { step } from '../src/core/step';
import { createHandoffService } from '../src/handoff/service';
import { deliver, sweep } from '../src/runtime/deliver';
import { receive } from '../src/runtime/inbound';
import { failingLocks, testDeps } from './helpers/runtime';

const content = compileContent(rawContent);
const text = (m: Outbound) => ('text' in m ? m.text : '');

function setup(over: Parameters<typeof testDeps>[0] = {}) {
  const t = testDeps({ content, ...over });
  const hotline = createHandoffService(t.deps);
  let n = 0;
  /** The person writes; returns what they receive. */
  const say = async (body: string, from = '+15550100020') => {
    const before = t.sent.length;
    const receipt = await receive(t.deps, {
      channel: 'sms',
      messageId: `m${++n}`,
      from,
      at: t.universe.now(),
      content: { type: 'text', text: body },
    });
    await deliver(t.deps, receipt.key);
    return { key: receipt.key, got: t.sent.slice(before).map((s) => text(s.message)) };
  };
  return { ...t, hotline, say };
}

describe('a person in danger', () => {
  it('gets a safe reply at once, in their language, and waits in the hotline queue', async () => {
    const { say, hotline } = setup();
    const { key, got } = await say('ils me frappent');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/Merci de nous l'avoir dit/);
    expect(got[0]).toMatch(/17 police, 18 secours/);
    expect(got[0]).toMatch(/effacer cette discussion/);
    expect(got[0]).not.toMatch(/\?/); // never asks for details
    const [queued] = await hotline.queue();
    expect(queued?.key).toBe(key);
    expect(queued?.state).toBe('handoff');
    expect(queued?.ctx.handoff).toMatchObject({
      category: 'danger',
      severity: 'high',
      agent: null,
    });
    expect(queued?.ctx.handoff?.transcript.map((l) => l.from)).toEqual(['person', 'bot']);
  });

  it('is not sent menus while waiting, and hears now and then that help is coming', async () => {
    const { say, universe, hotline } = setup();
    const { key } = await say('au secours on veut me tuer');
    expect((await say('1')).got).toEqual([]);
    expect((await say('menu')).got).toEqual([]);
    universe.advance(11 * 60_000);
    expect((await say('vous etes la ?')).got).toEqual([
      "Message recu. Une personne de l'équipe va vous répondre ici.",
    ]);
    const record = await hotline.get(key);
    expect(record?.ctx.handoff?.transcript.filter((l) => l.from === 'person')).toHaveLength(4);
  });

  it('is answered by the worker who claims it, and handed back to the bot on close', async () => {
    const { say, hotline, sent } = setup();
    const { key } = await say('ils me frappent');
    expect(await hotline.reply(key, 'awa', 'Bonjour')).toEqual({ ok: false, code: 'not_claimed' });
    expect((await hotline.claim(key, 'awa')).ok).toBe(true);
    expect(await hotline.claim(key, 'issa')).toEqual({ ok: false, code: 'claimed_by_other' });
    expect(await hotline.reply(key, 'issa', 'x')).toEqual({ ok: false, code: 'claimed_by_other' });
    expect((await hotline.note(key, 'issa', 'connu du centre de Gao')).ok).toBe(true);
    const before = sent.length;
    expect(
      (await hotline.reply(key, 'awa', 'Bonjour, je suis Awa. Êtes-vous en sécurité ?')).ok,
    ).toBe(true);
    expect(sent.slice(before).map((s) => text(s.message))).toEqual([
      'Bonjour, je suis Awa. Etes-vous en sécurité ?',
    ]);
    expect((await say('oui merci')).got).toEqual([]);
    const beforeClose = sent.length;
    expect((await hotline.close(key, 'awa', 'referred')).ok).toBe(true);
    // Back with the bot: the close, the privacy notice this person has not seen yet, the menu.
    const closing = sent.slice(beforeClose).map((s) => text(s.message));
    expect(closing[0]).toMatch(/^L'équipe a terminé cette conversation/);
    expect(closing.join('\n')).toMatch(/EFFACER efface tout/);
    expect(await hotline.queue()).toEqual([]);
    const after = await say('2');
    expect(after.got[0]).toMatch(/1\./); // the bot answers menus again
  });

  it("gets a worker's long SMS answer whole, in numbered parts, with nothing to type", async () => {
    const { say, hotline, sent } = setup();
    const { key } = await say('ils me frappent');
    await hotline.claim(key, 'awa');
    const sentences = [
      'Bonjour, je suis Awa, de l’équipe.',
      'Le centre de transit de Gao peut vous accueillir ce soir, avec un repas et un lit.',
      'Allez à la porte principale et dites que vous venez de notre part.',
      'Si vous ne pouvez pas vous déplacer, dites-nous où vous êtes.',
      'Nous chercherons une autre solution ensemble, vous n’êtes pas seul.',
    ];
    const before = sent.length;
    expect((await hotline.reply(key, 'awa', sentences.join(' '))).ok).toBe(true);
    const got = sent.slice(before).map((s) => text(s.message));
    expect(got.length).toBeGreaterThan(1);
    expect(got[0]).toMatch(/\n\(1\/\d\)$/);
    for (const part of got) expect(smsCost(part).segments).toBeLessThanOrEqual(2);
    for (const sentence of sentences) expect(got.join(' ')).toContain(toGsm7(sentence));
    expect(got.join(' ')).not.toMatch(/0 = suite/);
  });

  it('gets the whole safe reply, phone-safety tip included, when the team is away', async () => {
    const away = { open: false, opensAt: Date.UTC(2026, 10, 25, 8) };
    const { say } = setup({ hotline: () => away });
    const { got } = await say("on m'oblige à me prostituer");
    expect(got.join('\n')).toMatch(/L'équipe n'est pas là maintenant/);
    expect(got.join('\n')).toMatch(/17 police, 18 secours/);
    expect(got.join('\n')).toMatch(/effacer cette discussion/);
    for (const part of got) expect(smsCost(part).segments).toBeLessThanOrEqual(2);
  });

  it("sends a worker's reply once when the store fails just after saving it", async () => {
    const t = setup();
    const { key } = await t.say('ils me frappent');
    await t.hotline.claim(key, 'awa');
    // The reply's own step saves (lock 1); then taking it out to send fails (lock 2).
    t.deps.store = failingLocks(t.deps.store, (lock) => lock === 2).store;
    const before = t.sent.length;
    expect((await t.hotline.reply(key, 'awa', 'Bonjour, je suis Awa.')).ok).toBe(true);
    expect(t.log.lines.join('\n')).toContain('"deliver.failed"');
    t.universe.advance(60_000);
    await sweep(t.deps);
    expect(t.sent.slice(before).map((s) => text(s.message))).toEqual(['Bonjour, je suis Awa.']);
  });

  it('lifts the escalation when danger comes as the answer to "erase everything?"', async () => {
    const { say, hotline } = setup();
    await say("j'ai faim et nulle part ou dormir");
    const { key } = await say('oui');
    expect((await hotline.get(key))?.ctx.handoff?.severity).toBe('medium');
    await say('effacer');
    const { got } = await say('ils me frappent');
    expect(got.join('\n')).toMatch(/rien n'a été effacé/i);
    const record = await hotline.get(key);
    expect(record?.state).toBe('handoff');
    expect(record?.ctx.handoff).toMatchObject({ category: 'danger', severity: 'high' });
  });

  it('hands a transfer to a colleague, who can then answer', async () => {
    const { say, hotline } = setup();
    const { key } = await say('they are beating me');
    await hotline.claim(key, 'awa');
    expect((await hotline.transfer(key, 'awa', 'issa')).ok).toBe(true);
    expect((await hotline.reply(key, 'issa', 'Hello, I am Issa.')).ok).toBe(true);
  });

  it('puts the most severe first, then who waited longest', async () => {
    const { say, hotline, universe } = setup();
    const a = await say('je nai rien a manger depuis 3 jours', '+15550100021');
    await say('1', '+15550100021'); // yes, a person please
    universe.advance(60_000);
    const b = await say('ils me frappent', '+15550100022');
    universe.advance(60_000);
    const c = await say('on veut me tuer', '+15550100023');
    expect((await hotline.queue()).map((r) => r.key)).toEqual([b.key, c.key, a.key]);
  });

  it('keeps a voice note for the worker, with the id to fetch it', async () => {
    const t = setup();
    const wa = (messageId: string, content: InboundContent) =>
      receive(t.deps, { channel: 'whatsapp', messageId, from: '15550100024', at: 0, content });
    const { key } = await wa('w1', { type: 'text', text: 'they are beating me' });
    await wa('w2', { type: 'media', media: 'voice', id: '1003383421387257' });
    const transcript = (await t.hotline.get(key))?.ctx.handoff?.transcript ?? [];
    expect(transcript.at(-1)).toMatchObject({
      from: 'person',
      text: '[voice]',
      media: { kind: 'voice', id: '1003383421387257' },
    });
  });

  it('replies by SMS to a WhatsApp number when the operator allows it, never to a username', async () => {
    const t = setup();
    t.deps.smsFallback = { from: '+15550109997' };
    const wa = (from: string) =>
      receive(t.deps, {
        channel: 'whatsapp',
        messageId: `w-${from}`,
        from,
        at: 0,
        content: { type: 'text', text: 'they are beating me' },
      });
    const { key } = await wa('15550100025');
    await t.hotline.claim(key, 'awa');
    const before = t.sent.length;
    expect(
      (await t.hotline.act(key, { kind: 'sms', agent: 'awa', text: 'Hello, Awa here.' })).ok,
    ).toBe(true);
    expect(t.sent.slice(before)).toEqual([
      { to: '+15550100025', message: { kind: 'text', text: 'Hello, Awa here.' } },
    ]);
    // A username-only WhatsApp id has no number: nothing goes out, the failure is recorded.
    const named = await wa('ML.awa_user');
    await t.hotline.claim(named.key, 'awa');
    const count = t.sent.length;
    await t.hotline.act(named.key, { kind: 'sms', agent: 'awa', text: 'Hello' });
    expect(t.sent.length).toBe(count);
    const failed = (await t.hotline.get(named.key))?.deliveries?.at(-1);
    expect(failed).toMatchObject({ state: 'failed' });
  });

  it('keeps what they wrote out of the logs', async () => {
    const { say, log } = setup();
    await say('ils me frappent, je suis à Gao, mon numéro est +15550100099');
    const all = log.lines.join('\n');
    expect(all).toContain('handoff.opened');
    expect(all).not.toMatch(/frappent|Gao|15550100099|15550100020/);
  });

  it('respects STOP during the handoff: the worker is told nothing can be sent, and may close', async () => {
    const { say, hotline, sent } = setup();
    const { key } = await say('ils me frappent');
    await hotline.claim(key, 'awa');
    await say('STOP');
    const before = sent.length;
    expect(await hotline.reply(key, 'awa', 'Bonjour')).toEqual({ ok: false, code: 'opted_out' });
    // The core itself sends nothing there, whoever asks.
    const held = await hotline.get(key);
    const ctx = { now: 0, newId: () => 'o', content, ttlMs: 1, transcriptMs: 1 };
    for (const action of [
      { kind: 'reply', agent: 'awa', text: 'Bonjour' },
      { kind: 'sms', agent: 'awa', text: 'Bonjour' },
      { kind: 'reengage', agent: 'awa', template: { name: 't', language: 'fr' } },
    ] as const) {
      expect(step(held, { type: 'agent', key, action }, ctx).sends).toEqual([]);
    }
    expect((await hotline.note(key, 'awa', 'a envoyé STOP')).ok).toBe(true);
    expect((await hotline.close(key, 'awa', 'no_answer')).ok).toBe(true);
    expect(sent.length).toBe(before);
    expect(await hotline.queue()).toEqual([]);
    const [archived] = await hotline.closed(key);
    expect(archived?.notes.map((n) => n.text)).toEqual(['a envoyé STOP']);
    expect((await hotline.get(key))?.state).toBe('optedOut');
  });

  it('brings the person back to the open escalation on START after STOP', async () => {
    const { say, hotline, sent } = setup();
    const { key } = await say('ils me frappent');
    await hotline.claim(key, 'awa');
    await say('STOP');
    const { got } = await say('START');
    expect(got.join('\n')).toMatch(/Une personne de l'équipe va vous répondre ici/);
    expect((await hotline.get(key))?.state).toBe('handoff');
    const before = sent.length;
    expect((await hotline.reply(key, 'awa', 'Bonjour')).ok).toBe(true);
    expect(sent.slice(before).map((s) => text(s.message))).toEqual(['Bonjour']);
    // More danger lifts this escalation rather than opening another.
    const opened = (await hotline.get(key))?.ctx.handoff?.id;
    await say('on veut me tuer');
    expect((await hotline.get(key))?.ctx.handoff?.id).toBe(opened);
  });
});

describe('a person who may need help', () => {
  it('is asked once, and "no" brings the menu back with the offer standing', async () => {
    const { say, hotline } = setup();
    const first = await say('je nai rien a manger depuis 3 jours');
    expect(first.got[0]).toMatch(/Voulez-vous parler maintenant à une personne/);
    expect(first.got[0]).toMatch(/1\. Oui\n2\. Non/);
    const no = await say('2');
    expect(no.got[0]).toMatch(/^D'accord\. Vous pouvez demander une personne/);
    expect(await hotline.queue()).toEqual([]);
  });

  it('is handed over on "yes", with the message that prompted the question', async () => {
    const { say, hotline } = setup();
    await say("j'ai faim et nulle part ou dormir");
    const yes = await say('oui');
    expect(yes.got[0]).toMatch(/Une personne de l'équipe va vous répondre ici/);
    const [queued] = await hotline.queue();
    expect(queued?.ctx.handoff?.category).toBe('stranded');
    expect(queued?.ctx.handoff?.transcript[0]).toMatchObject({
      from: 'person',
      text: "j'ai faim et nulle part ou dormir",
    });
  });

  it('is handed over at once when they ask for a person', async () => {
    const { say, hotline } = setup();
    const { got } = await say('je veux parler à une personne');
    expect(got[0]).toMatch(/^D'accord\.\nUne personne de l'équipe/);
    expect((await hotline.queue()).length).toBe(1);
  });

  it('gets how the line works and the offer of a person for a bare HELP', async () => {
    const { say } = setup();
    const { got } = await say('HELP');
    expect(got[0]).toMatch(/^sira: centres/);
    expect(got[0]).toMatch(/talk to a person from the team now\?\n1\. Yes\n2\. No$/);
  });
});

describe('when nobody is on duty', () => {
  it('says when the team will answer, and keeps the escalation queued', async () => {
    const t = setup();
    const monday8 = Date.UTC(2026, 10, 23, 8, 0);
    t.deps.hotline = () => ({ open: false, opensAt: monday8 });
    const { got } = await t.say('they are beating me');
    expect(got[0]).toMatch(
      /The team is not here now\. They will answer you here when they are back: Monday 08:00\./,
    );
    expect(got[0]).toMatch(/17 police, 18 rescue/);
    expect((await t.hotline.queue()).length).toBe(1);
  });
});

describe('what the hotline sees of its replies', () => {
  it('links a worker reply to the messages it went out as, and a template to its send', async () => {
    const { say, hotline, sent } = setup();
    const { key } = await say('ils me frappent');
    await hotline.claim(key, 'awa');
    await hotline.reply(key, 'awa', 'Bonjour');
    const template = { name: 'sira_write_back', language: 'fr' };
    expect((await hotline.act(key, { kind: 'reengage', agent: 'awa', template })).ok).toBe(true);
    expect(sent.at(-1)?.message).toEqual({ kind: 'template', ...template });
    const record = await hotline.get(key);
    const lines = record?.ctx.handoff?.transcript.filter((l) => l.from === 'agent') ?? [];
    expect(lines.map((l) => l.text)).toEqual(['Bonjour', '[template sira_write_back]']);
    for (const line of lines) {
      expect(line.out).toHaveLength(1);
      expect(record?.deliveries?.map((d) => d.id)).toContain(line.out?.[0]);
    }
  });

  it('refuses a template from a worker who does not hold the conversation', async () => {
    const { say, hotline } = setup();
    const { key } = await say('ils me frappent');
    await hotline.claim(key, 'awa');
    const template = { name: 't', language: 'fr' };
    expect(await hotline.act(key, { kind: 'reengage', agent: 'issa', template })).toEqual({
      ok: false,
      code: 'claimed_by_other',
    });
  });
});
