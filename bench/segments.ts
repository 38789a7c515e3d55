/**
 * SMS segments per reply, per language, over the first menu levels, help, STOP and START: what
 * a conversation costs in Twilio segments. Through `receive()` on the memory store (no HTTP).
 */
import { parseInbound } from '../src/channels/twilio/parse';
import { smsCost } from '../src/core/render/gsm7';
import { loadConfig } from '../src/runtime/config';
import { depsFromConfig } from '../src/runtime/deps-from-config';
import { receive } from '../src/runtime/inbound';
import { createLogger } from '../src/runtime/log';
import { createMemoryStore } from '../src/store/memory';
import { siraEnv } from './requests';

export interface Segments {
  replies: number;
  avg: number;
  max: number;
}

export async function segmentsPerLanguage(): Promise<Record<string, Segments>> {
  const config = loadConfig(siraEnv(undefined));
  const deps = depsFromConfig(
    { ...config, secret: config.secret as string },
    createMemoryStore(),
    createLogger(() => {}),
  );
  const out: Record<string, Segments> = {};
  for (const [index, language] of deps.content.languages.entries()) {
    const segments: number[] = [];
    const inputs = ['bonjour', String(index + 1)];
    for (let d = 1; d <= 9; d++) inputs.push(String(d), '1', 'retour', 'menu');
    inputs.push('aide', 'STOP', 'START');
    for (const [i, text] of inputs.entries()) {
      const form = {
        MessageSid: `SM${`${index}f${i}`.padStart(32, '0')}`,
        AccountSid: config.twilio?.accountSid ?? '',
        From: `+155501090${String(index).padStart(2, '0')}`,
        To: '+15550109999',
        Body: text,
      };
      const receipt = await receive(deps, parseInbound(form, Date.now()));
      for (const item of receipt.pending) {
        if (item.message.kind === 'text') segments.push(smsCost(item.message.text).segments);
      }
    }
    const sum = segments.reduce((a, b) => a + b, 0);
    out[language.code] = {
      replies: segments.length,
      avg: Math.round((sum / segments.length) * 100) / 100,
      max: Math.max(...segments),
    };
  }
  return out;
}
