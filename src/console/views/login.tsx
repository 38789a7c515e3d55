import { BASE, Page } from './layout';

const PROBLEMS = {
  wrong:
    'Wrong username or password, or the account is locked for a while. Try again later or ask a supervisor.',
  expired: 'The login form had expired. Please try again.',
  https: 'The console needs HTTPS. Set PUBLIC_URL to the https address it is served at.',
} as const;

export function LoginPage(props: { token?: string; problem?: keyof typeof PROBLEMS }) {
  return (
    <Page title="Hotline console">
      {props.problem ? (
        <p class="flash bad" role="alert">
          {PROBLEMS[props.problem]}
        </p>
      ) : null}
      {props.token ? (
        <form method="post" action={`${BASE}/login`} class="card narrow">
          <input type="hidden" name="_login" value={props.token} />
          <label>
            Username
            <input name="username" autocomplete="username" required autofocus />
          </label>
          <label>
            Password
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          <button type="submit">Log in</button>
        </form>
      ) : null}
    </Page>
  );
}
