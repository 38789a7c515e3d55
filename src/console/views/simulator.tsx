import { draw } from '../../cli/draw';
import type { Language } from '../../core/flows/content';
import type { Outbound } from '../../core/messages';
import type { Me } from '../session';
import { BASE, Form, Page } from './layout';

export type Bubble = { from: 'you'; text: string } | { from: 'bot'; message: Outbound };

export function SimulatorPage(props: {
  me: Me;
  channel: 'sms' | 'whatsapp';
  lng: string;
  languages: readonly Language[];
  bubbles: Bubble[];
}) {
  const action = `${BASE}/simulator`;
  const lastBot = [...props.bubbles].reverse().find((b) => b.from === 'bot');
  return (
    <Page title="Simulator" me={props.me}>
      <p class="muted">
        Talk to the bot as a person would. Nothing is sent to a phone and nothing reaches the
        hotline queue.
      </p>
      <Form action={action} me={props.me} class="sim-controls">
        <label>
          Channel
          <select name="channel">
            <option value="whatsapp" selected={props.channel === 'whatsapp'}>
              WhatsApp
            </option>
            <option value="sms" selected={props.channel === 'sms'}>
              SMS
            </option>
          </select>
        </label>
        <label>
          Language
          <select name="lng">
            {props.languages.map((l) => (
              <option value={l.code} selected={l.code === props.lng}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" name="start" value="1">
          Start again
        </button>
      </Form>
      <div class={`phone ${props.channel}`} id="phone">
        {props.bubbles.map((b) =>
          b.from === 'you' ? (
            <div class="bubble you">
              <p class="text">{b.text}</p>
            </div>
          ) : (
            <BotBubble
              message={b.message}
              channel={props.channel}
              me={props.me}
              live={b === lastBot}
            />
          ),
        )}
      </div>
      <Form action={action} me={props.me} class="card">
        <label>
          Message
          <input name="text" autocomplete="off" required autofocus />
        </label>
        <button type="submit">Send</button>
      </Form>
    </Page>
  );
}

/** A reply as the phone shows it: SMS text as it is; WhatsApp buttons and list rows to tap. */
function BotBubble(props: {
  message: Outbound;
  channel: 'sms' | 'whatsapp';
  me: Me;
  live: boolean;
}) {
  const m = props.message;
  if (props.channel === 'sms' || (m.kind !== 'buttons' && m.kind !== 'list')) {
    return (
      <div class="bubble bot">
        <p class="text">{draw(m)}</p>
      </div>
    );
  }
  const options = m.kind === 'buttons' ? m.buttons : m.rows;
  const taps = (
    <Form action={`${BASE}/simulator`} me={props.me} class="taps">
      {options.map((o) => (
        <button type="submit" name="tap" value={o.id}>
          {o.title}
        </button>
      ))}
    </Form>
  );
  return (
    <div class="bubble bot">
      <p class="text">{m.text}</p>
      {m.kind === 'list' ? (
        <details open={props.live}>
          <summary>≡ {m.button}</summary>
          {taps}
        </details>
      ) : (
        taps
      )}
    </div>
  );
}
