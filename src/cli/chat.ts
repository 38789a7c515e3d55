/**
 * `npm run chat [-- --channel sms|whatsapp] [--lang fr|en]`: talk to the bot in a terminal,
 * with replies drawn as an SMS or as WhatsApp shows them. Memory store; nothing is kept.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import { createLogger } from '../runtime/log';
import { draw } from './draw';
import { createLocalChat } from './local-chat';

const { values } = parseArgs({
  options: {
    channel: { type: 'string', default: 'sms' },
    lang: { type: 'string' },
  },
});

const content = compileContent(rawContent);
const channel =
  values.channel === 'whatsapp' ? 'whatsapp' : values.channel === 'sms' ? 'sms' : null;
if (!channel) {
  console.error('--channel must be sms or whatsapp');
  process.exit(2);
}
if (values.lang && !content.languages.some((l) => l.code === values.lang)) {
  console.error(`--lang must be one of: ${content.languages.map((l) => l.code).join(', ')}`);
  process.exit(2);
}

// Content problems are worth seeing while trying the bot; they go to stderr.
const chat = createLocalChat({ channel, content, log: createLogger((l) => console.error(l)) });
const show = (messages: Awaited<ReturnType<typeof chat.send>>) => {
  for (const m of messages) console.log(`\n${draw(m)}\n`);
};

console.log(`sira chat (${channel}). Type a message; Ctrl-D to quit.`);
show(await chat.send(values.lang ? { type: 'choice', id: `lang.${values.lang}` } : ''));
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
let open = true;
rl.on('close', () => {
  open = false;
});
rl.prompt();
for await (const line of rl) {
  show(await chat.send(line));
  if (open) rl.prompt();
}
