import type { Handoff } from '../../core/conversation/handoff';
import { OUTCOMES } from '../../core/conversation/handoff';
import type { ConversationRecord } from '../../core/record';
import { deliveryOf } from '../delivery';
import { can } from '../roles';
import type { Me } from '../session';
import { ago, BASE, clock, Flash, Form, Page } from './layout';
import { CHANNEL_NAMES } from './queue';

export interface ConversationView {
  me: Me;
  record: ConversationRecord;
  now: number;
  /** WhatsApp's 24-hour window, or null where there is none. */
  window: { open: boolean; closesInMs?: number } | null;
  /** The masked number, or the real one right after a supervisor revealed it. */
  number: string;
  revealed: boolean;
  colleagues: string[];
  /** The approved template for this person's language, when the operator configured one. */
  template?: { name: string; language: string };
  /** Whether the operator allows a reply by SMS once the window has closed. */
  sms?: boolean;
  flash?: { text: string; bad?: boolean };
  /** What the page's refresh asks for: this page's own URL, with its proof of an audited view. */
  live: string;
}

const OUTCOME_NAMES: Record<string, string> = {
  referred: 'Referred to a service',
  resolved: 'Resolved',
  no_answer: 'No answer from the person',
  released: 'Handed back to the bot',
  other: 'Other',
};

export function ConversationPage(v: ConversationView) {
  const handoff = v.record.ctx.handoff as Handoff;
  const mine = handoff.agent === v.me.username;
  const mayAct = can(v.me.role, 'act');
  const override = can(v.me.role, 'override');
  const base = `${BASE}/c/${v.record.key}`;
  return (
    <Page title={`${handoff.category.replace(/_/g, ' ')} (${handoff.severity})`} me={v.me}>
      <Flash text={v.flash?.text} bad={v.flash?.bad} />
      <section
        id="conversation"
        data-live={v.live}
        data-version={String(v.record.seq)}
        class="conversation"
      >
        <dl class="facts">
          <dt>Channel</dt>
          <dd>{CHANNEL_NAMES[v.record.channel]}</dd>
          <dt>Language</dt>
          <dd>{v.record.ctx.lng ?? '?'}</dd>
          <dt>Number</dt>
          <dd class={v.revealed ? 'revealed' : undefined}>{v.number}</dd>
          <dt>Waiting since</dt>
          <dd>
            {clock(handoff.openedAt)} ({ago(v.now - handoff.openedAt)})
          </dd>
          <dt>24 h window</dt>
          <dd>
            {v.window === null
              ? 'none on this channel'
              : v.window.open
                ? `open, closes in ${ago(v.window.closesInMs ?? 0)}`
                : 'CLOSED'}
          </dd>
          <dt>Taken by</dt>
          <dd>{handoff.agent ?? 'nobody yet'}</dd>
        </dl>
        <ol class="transcript">
          {handoff.transcript.map((line) => {
            const delivery = line.out?.length ? deliveryOf(v.record, line.out) : null;
            return (
              <li class={`line ${line.from}${delivery?.state === 'failed' ? ' failed' : ''}`}>
                <span class="meta">
                  {line.from === 'agent' ? line.agent : line.from === 'bot' ? 'bot' : 'person'} ·{' '}
                  {clock(line.at)}
                  {delivery ? (
                    <span class={`delivery ${delivery.state}`}>
                      {' '}
                      · {delivery.state}
                      {delivery.error ? ` (${delivery.error})` : ''}
                    </span>
                  ) : null}
                </span>
                <p class="text">{line.text}</p>
              </li>
            );
          })}
        </ol>
        {handoff.notes.length ? (
          <section class="notes">
            <h2>Internal notes</h2>
            <ul>
              {handoff.notes.map((n) => (
                <li>
                  <span class="meta">
                    {n.agent} · {clock(n.at)}
                  </span>
                  <p class="text">{n.text}</p>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </section>
      {mayAct ? <Actions v={v} mine={mine} override={override} base={base} /> : null}
    </Page>
  );
}

function Actions({
  v,
  mine,
  override,
  base,
}: {
  v: ConversationView;
  mine: boolean;
  override: boolean;
  base: string;
}) {
  const handoff = v.record.ctx.handoff as Handoff;
  const closed = v.window !== null && !v.window.open;
  return (
    <section class="actions">
      {!mine && (!handoff.agent || override) ? (
        <Form action={`${base}/claim`} me={v.me}>
          <button type="submit">
            {handoff.agent ? `Take over from ${handoff.agent}` : 'Take this conversation'}
          </button>
        </Form>
      ) : null}
      {mine && !closed ? (
        <Form action={`${base}/reply`} me={v.me} class="card">
          <label>
            Reply to the person ({CHANNEL_NAMES[v.record.channel]})
            <textarea name="text" rows={4} maxlength={2000} required />
          </label>
          <button type="submit">Send</button>
        </Form>
      ) : null}
      {mine && closed ? (
        <div class="card warn">
          <p>
            The person last wrote more than 24 hours ago: WhatsApp delivers no free message until
            they write again.
          </p>
          {v.template ? (
            <Form action={`${base}/reengage`} me={v.me}>
              <button type="submit">
                Send the approved invitation to write back ({v.template.name}, {v.template.language}
                )
              </button>
            </Form>
          ) : (
            <p>No approved template is configured (WHATSAPP_REENGAGE_TEMPLATE): wait for them.</p>
          )}
          {v.sms ? (
            <Form action={`${base}/sms`} me={v.me}>
              <label>
                Or reply by SMS to the same number (it costs them nothing to read, but SMS is less
                private than WhatsApp)
                <textarea name="text" rows={3} maxlength={600} required />
              </label>
              <button type="submit">Send by SMS</button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <Form action={`${base}/note`} me={v.me} class="card">
        <label>
          Internal note (the person never sees it)
          <textarea name="text" rows={2} maxlength={2000} required />
        </label>
        <button type="submit">Add note</button>
      </Form>
      {(mine || (override && handoff.agent)) && v.colleagues.length ? (
        <Form action={`${base}/transfer`} me={v.me} class="card">
          <label>
            Transfer to
            <select name="to">
              {v.colleagues.map((name) => (
                <option value={name}>{name}</option>
              ))}
            </select>
          </label>
          <button type="submit">Transfer</button>
        </Form>
      ) : null}
      {mine || (override && handoff.agent) ? (
        <Form action={`${base}/close`} me={v.me} class="card">
          <label>
            Close with outcome (the bot takes over again)
            <select name="outcome">
              {OUTCOMES.map((o) => (
                <option value={o}>{OUTCOME_NAMES[o] ?? o}</option>
              ))}
            </select>
          </label>
          <button type="submit">Close</button>
        </Form>
      ) : null}
      {can(v.me.role, 'reveal') && !v.revealed ? (
        <Form action={`${base}/reveal`} me={v.me}>
          <button type="submit" class="link">
            Reveal the phone number (recorded in the audit log)
          </button>
        </Form>
      ) : null}
    </section>
  );
}
