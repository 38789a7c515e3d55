import type { AuditEntry } from '../../store/staff';
import type { Me } from '../session';
import { clock, Page } from './layout';

export function AuditPage(props: { me: Me; entries: AuditEntry[] }) {
  return (
    <Page title="Audit log" me={props.me}>
      <p class="muted">
        The latest {props.entries.length} entries, newest first. Conversations are named by their
        pseudonymous key.
      </p>
      <table class="audit">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Which</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{clock(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td class="key">{e.target ?? ''}</td>
              <td>{e.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
