import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Values the Worker under test reads from its bindings (wrangler.toml's vars come first). */
const WORKER_TEST_BINDINGS = {
  NODE_ENV: 'test',
  SIRA_SECRET: 'workerd-test-secret-workerd-test-secret',
  PUBLIC_URL: 'https://sira.example.org',
  WHATSAPP_VERIFY_TOKEN: 'workerd-verify-token',
  WHATSAPP_APP_SECRET: 'workerd-app-secret',
  WHATSAPP_ACCESS_TOKEN: 'workerd-access-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_GRAPH_URL: 'https://graph.test.invalid/v24.0',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(30)}a1`,
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789abcdef',
  TWILIO_API_URL: 'https://twilio.test.invalid',
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/workers/**'],
          environment: 'node',
        },
      },
      {
        // The Worker and its Durable Objects inside workerd (Cloudflare's runtime), as deployed.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: WORKER_TEST_BINDINGS },
          }),
        ],
        test: {
          name: 'workerd',
          include: ['test/workers/**/*.worker.test.ts'],
          // The first request of a file builds the Worker (content, i18n) in a cold isolate.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
