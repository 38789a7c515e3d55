import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { can } from '../roles';
import type { Me } from '../session';

export const BASE = '/console';

/** Every page: the stylesheet and the one script as files (the CSP allows nothing inline). */
export function Page(props: {
  title: string;
  me?: Me;
  /** Handoff ids of urgent escalations on screen now, so the poller alerts only on new ones. */
  urgent?: string[];
  waiting?: number;
  children: Child;
}) {
  const { me } = props;
  const polls = me && can(me.role, 'queue');
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{props.waiting ? `(${props.waiting}) sira` : 'sira'}</title>
          <link rel="stylesheet" href={`${BASE}/static/console.css`} />
          <script src={`${BASE}/static/console.js`} defer />
        </head>
        <body
          data-poll={polls ? `${BASE}/queue.json` : undefined}
          data-urgent={polls ? (props.urgent ?? []).join(' ') : undefined}
        >
          {me ? <Nav me={me} waiting={props.waiting} /> : null}
          <div id="alert" class="alert" role="alert" hidden>
            New urgent escalation. <a href={BASE}>Open the queue</a>
          </div>
          <main>
            <h1>{props.title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** `waiting` is unknown on pages other than the queue until the script's first poll. */
function Nav({ me, waiting }: { me: Me; waiting?: number }) {
  return (
    <header class="nav">
      <a class="brand" href={BASE}>
        sira
      </a>
      {can(me.role, 'queue') ? (
        <a href={BASE}>
          Queue{' '}
          <span id="badge" class={waiting ? 'badge' : 'badge empty'}>
            {waiting ?? '·'}
          </span>
        </a>
      ) : null}
      {can(me.role, 'simulator') ? <a href={`${BASE}/simulator`}>Simulator</a> : null}
      {can(me.role, 'audit') ? <a href={`${BASE}/audit`}>Audit log</a> : null}
      {can(me.role, 'reports') ? <a href={`${BASE}/reports`}>Reports</a> : null}
      {can(me.role, 'accounts') ? <a href={`${BASE}/staff`}>Accounts</a> : null}
      <span class="spacer" />
      {can(me.role, 'queue') ? (
        <button type="button" id="sound" class="link">
          Sound: off
        </button>
      ) : null}
      <span class="who">
        {me.username} ({me.role})
      </span>
      <Form action={`${BASE}/logout`} me={me} inline>
        <button type="submit" class="link">
          Log out
        </button>
      </Form>
    </header>
  );
}

/** A POST form carrying the session's CSRF token, as every form of the console must. */
export function Form(props: {
  action: string;
  me: Me;
  inline?: boolean;
  class?: string;
  children: Child;
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={[props.inline ? 'inline' : '', props.class ?? ''].join(' ').trim() || undefined}
    >
      <input type="hidden" name="_csrf" value={props.me.csrf} />
      {props.children}
    </form>
  );
}

/** A short message above the page after an action: what happened, or why it was refused. */
export function Flash({ text, bad }: { text?: string; bad?: boolean }) {
  if (!text) return null;
  return (
    <p class={bad ? 'flash bad' : 'flash'} role="status">
      {text}
    </p>
  );
}

export const ago = (ms: number): string => {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
};

export const clock = (at: number): string =>
  new Date(at).toISOString().replace('T', ' ').slice(0, 16);
