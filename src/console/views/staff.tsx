import { ROLES, type StaffAccount } from '../../store/staff';
import type { Me } from '../session';
import { BASE, Flash, Form, Page } from './layout';

export function StaffPage(props: {
  me: Me;
  accounts: StaffAccount[];
  flash?: { text: string; bad?: boolean };
}) {
  return (
    <Page title="Staff accounts" me={props.me}>
      <Flash text={props.flash?.text} bad={props.flash?.bad} />
      <table>
        <thead>
          <tr>
            <th>Username</th>
            <th>Role</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <td>{a.username}</td>
              <td>{a.role}</td>
              <td>{a.disabled ? 'disabled' : 'active'}</td>
              <td>
                {!a.disabled && a.username !== props.me.username ? (
                  <Form action={`${BASE}/staff/disable`} me={props.me} inline>
                    <input type="hidden" name="username" value={a.username} />
                    <button type="submit" class="link">
                      Disable
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form action={`${BASE}/staff/add`} me={props.me} class="card">
        <h2>Add an account</h2>
        <label>
          Username
          <input name="username" required pattern="[a-z0-9][a-z0-9._-]{1,31}" />
        </label>
        <label>
          Role
          <select name="role">
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Password (at least 15 characters; give it to them in person)
          <input name="password" type="password" autocomplete="new-password" required />
        </label>
        <button type="submit">Add</button>
      </Form>
      <Form action={`${BASE}/staff/reset`} me={props.me} class="card">
        <h2>Set a new password</h2>
        <label>
          Username
          <input name="username" required />
        </label>
        <label>
          New password
          <input name="password" type="password" autocomplete="new-password" required />
        </label>
        <button type="submit">Set password (their sessions end)</button>
      </Form>
    </Page>
  );
}
