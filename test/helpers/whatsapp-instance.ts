import { SECRET } from './instances';
import { metaRequest } from './meta';

const APP_SECRET = 'kill-proof-app-secret';

/** The environment of a WhatsApp deployment whose Graph API is at `graphUrl`. */
export const whatsappEnv = (graphUrl: string): Record<string, string> => ({
  SIRA_SECRET: SECRET,
  WHATSAPP_VERIFY_TOKEN: 'kill-proof-verify',
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: 'kill-proof-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_GRAPH_URL: graphUrl,
});

/** POST a Cloud API webhook body to an instance, signed as Meta signs it. */
export async function postWhatsApp(baseUrl: string, body: string): Promise<Response> {
  return fetch(await metaRequest(`${baseUrl}/webhooks/whatsapp`, body, APP_SECRET));
}
