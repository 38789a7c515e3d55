/**
 * `npm start`: sira on Node with what the environment gives. Wiring only: configuration, the
 * store, the HTTP server and the outbox sweep.
 */
import { serve } from '@hono/node-server';
import { consoleOptionsFrom } from '../console/routes';
import { StoreError } from '../core/errors';
import { createHandoffService } from '../handoff/service';
import { createApp } from '../runtime/app';
import { ConfigError, loadConfig } from '../runtime/config';
import { sweep } from '../runtime/deliver';
import { createLogger, errorKind } from '../runtime/log';
import { developmentSecret } from './dev-secret';
import { nodeDeps } from './node-deps';
import { createLogLines } from './node-log-lines';
import { createNodeSignatureVerifier } from './node-signature';
import { openNodeMetrics, openNodeStore, openStaffStore } from './node-store';

const SWEEP_INTERVAL_MS = 1_000;

async function main() {
  const config = loadConfig(process.env);
  const log = createLogger(createLogLines());
  let secret = config.secret;
  if (!secret) {
    const generated = developmentSecret(config.store.dbPath);
    secret = generated.secret;
    if (generated.created) {
      console.warn(
        'SIRA_SECRET is not set: generated one for development, kept beside SIRA_DB (dev-secret).\n' +
          `In production set it yourself; to keep this one: SIRA_SECRET=${secret}`,
      );
    }
  }
  const store = await openNodeStore(config.store, log).catch((error: unknown) => {
    if (!(error instanceof StoreError)) throw error;
    throw new ConfigError(
      config.store.redisUrl
        ? `Redis does not answer: check REDIS_URL and that Redis runs (${error.message}).`
        : `Cannot open ${config.store.dbPath} (${error.message}). The SQLite store serves one ` +
            'process: is another sira running on this file? Several instances share Redis (REDIS_URL).',
    );
  });
  const deps = {
    ...nodeDeps({ ...config, secret }, store, log),
    metrics: await openNodeMetrics(config.store),
  };
  const staff = await openStaffStore(config, log);
  const app = createApp(deps, {
    ...config,
    whatsapp: config.whatsapp && {
      ...config.whatsapp,
      verify: createNodeSignatureVerifier(config.whatsapp.appSecret),
    },
    console: consoleOptionsFrom(config, staff, createHandoffService(deps)),
  });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(`sira is listening on http://localhost:${info.port}`);
    console.log(`  health:   http://localhost:${info.port}/healthz`);
    console.log(
      `  webhooks: /webhooks/whatsapp ${config.whatsapp ? 'on' : 'off (WHATSAPP_* unset)'}`,
    );
    console.log(`            /webhooks/twilio ${config.twilio ? 'on' : 'off (TWILIO_* unset)'}`);
    console.log(`  store:    ${deps.store.kind}; content revision ${deps.content.rev}`);
    console.log(
      `  console:  http://localhost:${info.port}/console (first admin: npm run staff -- add <name> --role admin)`,
    );
    console.log('  talk to the bot in a terminal: npm run chat');
  });
  const timer = setInterval(() => {
    sweep(deps).catch((error: unknown) => log.error('sweep.failed', { kind: errorKind(error) }));
  }, SWEEP_INTERVAL_MS);
  const stop = () => {
    clearInterval(timer);
    server.close(
      () =>
        void Promise.all([deps.store.close(), deps.metrics.close(), staff.close()]).then(() =>
          process.exit(0),
        ),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
