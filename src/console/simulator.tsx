import { Hono } from 'hono';
import * as z from 'zod';
import { createLocalChat } from '../cli/local-chat';
import type { Outbound } from '../core/messages';
import type { RuntimeDeps } from '../runtime/deps';
import type { ConsoleEnv } from './auth';
import { type Bubble, SimulatorPage } from './views/simulator';

interface Simulation {
  chat: ReturnType<typeof createLocalChat>;
  channel: 'sms' | 'whatsapp';
  lng: string;
  bubbles: Bubble[];
}

/** Simulations kept at once (one per console session), and bubbles kept per simulation. */
const MAX_SIMULATIONS = 50;
const MAX_BUBBLES = 100;

const Start = z.object({ channel: z.enum(['sms', 'whatsapp']), lng: z.string().min(2).max(8) });
const Say = z.object({ text: z.string().trim().min(1).max(1000) });
const Tap = z.object({ tap: z.string().min(1).max(100) });

/**
 * The simulator for content editors: a conversation with the real bot (the whole pipeline on
 * a memory store of its own, see cli/local-chat) drawn as an SMS or as WhatsApp shows it.
 * Nothing reaches a phone or the hotline queue. Kept in this process's memory per console
 * session, bounded, and lost on restart.
 */
export function simulatorRoutes(deps: RuntimeDeps) {
  const app = new Hono<ConsoleEnv>();
  const simulations = new Map<string, Simulation>();
  const languages = deps.content.languages;

  async function start(session: string, channel: 'sms' | 'whatsapp', lng: string) {
    const chat = createLocalChat({ channel, content: deps.content, log: deps.log, now: deps.now });
    const sim: Simulation = { chat, channel, lng, bubbles: [] };
    simulations.delete(session);
    simulations.set(session, sim);
    if (simulations.size > MAX_SIMULATIONS) {
      simulations.delete(simulations.keys().next().value as string);
    }
    await say(sim, { type: 'choice', id: `lang.${lng}` }, null);
    return sim;
  }

  async function say(
    sim: Simulation,
    content: Parameters<Simulation['chat']['send']>[0],
    shown: string | null,
  ) {
    if (shown !== null) sim.bubbles.push({ from: 'you', text: shown });
    const out = await sim.chat.send(content);
    sim.bubbles.push(...out.map((message): Bubble => ({ from: 'bot', message })));
    sim.bubbles.splice(0, Math.max(0, sim.bubbles.length - MAX_BUBBLES));
  }

  const current = async (session: string) =>
    simulations.get(session) ?? start(session, 'whatsapp', languages[0]?.code ?? 'en');

  app.get('/', async (c) => {
    const sim = await current(c.get('me').session);
    return c.html(
      <SimulatorPage
        me={c.get('me')}
        channel={sim.channel}
        lng={sim.lng}
        languages={languages}
        bubbles={sim.bubbles}
      />,
    );
  });

  app.post('/', async (c) => {
    const session = c.get('me').session;
    const body = await c.req.parseBody();
    const restart = Start.safeParse(body);
    if (body.start !== undefined && restart.success) {
      const known = languages.some((l) => l.code === restart.data.lng);
      await start(session, restart.data.channel, known ? restart.data.lng : 'en');
      return c.redirect('/console/simulator', 303);
    }
    const sim = await current(session);
    const tap = Tap.safeParse(body);
    const typed = Say.safeParse(body);
    if (tap.success) {
      await say(sim, { type: 'choice', id: tap.data.tap }, titleOf(sim.bubbles, tap.data.tap));
    } else if (typed.success) {
      await say(sim, { type: 'text', text: typed.data.text }, typed.data.text);
    }
    return c.redirect('/console/simulator', 303);
  });

  return app;
}

/** The title of the option tapped, as the person's phone would show their tap. */
function titleOf(bubbles: readonly Bubble[], id: string): string {
  for (const b of [...bubbles].reverse()) {
    if (b.from !== 'bot') continue;
    const options = optionsOf(b.message);
    const found = options.find((o) => o.id === id);
    if (found) return found.title;
  }
  return id;
}

export function optionsOf(message: Outbound): readonly { id: string; title: string }[] {
  if (message.kind === 'buttons') return message.buttons;
  if (message.kind === 'list') return message.rows;
  return [];
}
