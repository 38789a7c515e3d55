import { describe, expect, it } from 'vitest';
import { draw } from '../src/cli/draw';
import { createLocalChat } from '../src/cli/local-chat';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { createMemoryLogger } from '../src/runtime/log';

const content = compileContent(rawContent);

describe('a shared location', () => {
  it('gets the nearest towns of the directory with their distance, as choices to open', async () => {
    const chat = createLocalChat({ channel: 'whatsapp', content, log: createMemoryLogger() });
    await chat.send({ type: 'choice', id: 'lang.en' });
    // Near Sévaré, a few km from Mopti.
    const [reply] = await chat.send({ type: 'location', latitude: 14.53, longitude: -4.1 });
    // Three short choices: WhatsApp reply buttons (a list when titles are longer).
    expect(reply?.kind).toBe('buttons');
    expect(draw(reply!)).toMatch(/^The nearest places to you, as the crow flies:/);
    const rows = reply?.kind === 'buttons' ? reply.buttons.map((b) => b.title) : [];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^Mopti\/Sévaré - \d{1,2} km$/);
    const km = rows.map((r) => Number(/(\d+) km$/.exec(r)?.[1]));
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    const [opened] = await chat.send('1');
    expect(opened && draw(opened)).toMatch(/Mopti/);
  });

  it('is answered on SMS-like channels too, as numbered text', async () => {
    const chat = createLocalChat({
      channel: 'twilio-whatsapp',
      content,
      log: createMemoryLogger(),
    });
    await chat.send({ type: 'choice', id: 'lang.fr' });
    const [text] = await chat.send({ type: 'location', latitude: 12.65, longitude: -8.0 });
    expect(text && draw(text)).toMatch(/plus proches de vous[\s\S]*\n1\. Bamako - \d km/);
  });
});
