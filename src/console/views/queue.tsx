import type { ChannelId } from '../../core/messages';
import type { Me } from '../session';
import { ago, BASE, Page } from './layout';

export interface QueueRow {
  key: string;
  id: string;
  severity: 'high' | 'medium';
  category: string;
  lng: string;
  channel: ChannelId;
  waitedMs: number;
  /** WhatsApp's 24-hour window, or null where there is none. */
  window: boolean | null;
  agent: string | null;
}

export const CHANNEL_NAMES: Record<ChannelId, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  'twilio-whatsapp': 'WhatsApp (Twilio)',
};

/** The queue, most urgent first. The table is a live region the script refreshes. */
export function QueuePage(props: { me: Me; rows: QueueRow[]; version: string }) {
  const waiting = props.rows.filter((r) => !r.agent);
  const urgent = waiting.filter((r) => r.severity === 'high').map((r) => r.id);
  return (
    <Page title="Queue" me={props.me} urgent={urgent} waiting={waiting.length}>
      <section id="queue" data-live={BASE} data-version={props.version}>
        <p class="muted">
          {props.rows.length
            ? `${waiting.length} waiting, ${props.rows.length - waiting.length} taken. Updates by itself.`
            : 'No open escalation. This page updates by itself.'}
        </p>
        {props.rows.length ? (
          <table class="queue">
            <thead>
              <tr>
                <th>Urgency</th>
                <th>Category</th>
                <th>Language</th>
                <th>Channel</th>
                <th>Waiting</th>
                <th>24 h window</th>
                <th>Taken by</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr class={r.severity === 'high' ? 'high' : undefined}>
                  <td>
                    <a href={`${BASE}/c/${r.key}`} class={`sev ${r.severity}`}>
                      {r.severity === 'high' ? 'URGENT' : 'medium'}
                    </a>
                  </td>
                  <td>
                    <a href={`${BASE}/c/${r.key}`}>{r.category.replace(/_/g, ' ')}</a>
                  </td>
                  <td>{r.lng}</td>
                  <td>{CHANNEL_NAMES[r.channel]}</td>
                  <td>{ago(r.waitedMs)}</td>
                  <td>{r.window === null ? '—' : r.window ? 'open' : 'CLOSED'}</td>
                  <td>{r.agent ?? <em>waiting</em>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </Page>
  );
}
