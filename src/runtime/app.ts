import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ConsoleOptions, consoleRoutes } from '../console/routes';
import { StoreError } from '../core/errors';
import type { Config } from './config';
import type { RuntimeDeps } from './deps';
import { TWILIO_STATUS_PATH, TWILIO_WEBHOOK_PATH, twilioRoutes } from './routes/twilio';
import {
  type Defer,
  WHATSAPP_WEBHOOK_PATH,
  type WhatsAppRouteOptions,
  whatsappRoutes,
} from './routes/whatsapp';

/** What the routes need from the configuration: the channels' webhook secrets. */
export interface AppOptions extends Partial<Pick<Config, 'twilio' | 'publicUrl'>> {
  /** The WhatsApp channel's webhook secrets; its routes answer 503 while this is unset. */
  whatsapp?: Pick<NonNullable<Config['whatsapp']>, 'verifyToken' | 'appSecret'> &
    Pick<WhatsAppRouteOptions, 'verify'>;
  /** How work after a response is kept alive (Workers: waitUntil); Node's default lets it run. */
  defer?: Defer;
  /** The staff console at /console; absent, the app has none (webhook-only deployments). */
  console?: ConsoleOptions;
}

/**
 * The HTTP surface shared by every runtime: health, then the webhook routes of the configured
 * channels. Never reads the environment: an entry builds the deps and hands them over.
 */
export function createApp(deps: RuntimeDeps, options: AppOptions = {}): Hono {
  const app = new Hono();
  const defer = options.defer ?? ((work) => void work());

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', store: deps.store.kind, content: deps.content.rev }),
  );

  // A channel whose configuration is incomplete is off: its routes answer 503, never 404.
  const off: string[] = [];
  if (options.whatsapp) {
    app.route(WHATSAPP_WEBHOOK_PATH, whatsappRoutes(deps, { ...options.whatsapp, defer }));
  } else {
    off.push(WHATSAPP_WEBHOOK_PATH);
  }
  if (options.twilio) {
    app.route(
      '/',
      twilioRoutes(deps, { authToken: options.twilio.authToken, publicUrl: options.publicUrl }),
    );
  } else {
    off.push(TWILIO_WEBHOOK_PATH, TWILIO_STATUS_PATH);
  }
  for (const path of off) {
    app.all(path, (c) => c.json({ error: 'channel_not_configured' }, 503));
  }

  if (options.console) app.route('/console', consoleRoutes(deps, options.console));

  app.notFound((c) => c.json({ error: 'not_found' }, 404));

  // Only errors nobody handled reach this: a store that is down (the provider retries on 503)
  // or a bug (500 with an id to find it in the logs; never the error text, which may quote input).
  app.onError((error, c) => {
    // A middleware's deliberate answer (the console's CSRF check refuses with 403).
    if (error instanceof HTTPException) return error.getResponse();
    const requestId = deps.newId();
    if (error instanceof StoreError && error.code === 'unavailable') {
      deps.log.warn('store.unavailable', { requestId, url: new URL(c.req.url).pathname });
      return c.json({ error: 'store_unavailable', requestId }, 503);
    }
    deps.log.error('http.error', { requestId, kind: error.name, url: new URL(c.req.url).pathname });
    return c.json({ error: 'internal', requestId }, 500);
  });

  return app;
}
