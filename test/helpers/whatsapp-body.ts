/**
 * A Cloud API webhook with one text message, as Meta posts it (fictional numbers). Web APIs
 * only: the workerd tests use it too.
 */
export function whatsappTextBody(from: string, id: string, text: string, at: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Test' }, wa_id: from }],
              messages: [
                {
                  from,
                  id,
                  timestamp: String(Math.floor(at / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}
