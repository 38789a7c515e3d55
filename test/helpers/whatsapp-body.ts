/**
 * A Cloud API webhook with one text message, as Meta posts it (fictional numbers), from a
 * person whose WhatsApp profile name is `name`. Web APIs only: the workerd tests and the bench
 * use it too.
 */
export function whatsappTextBody(
  from: string,
  id: string,
  text: string,
  at: number,
  name = 'Test',
): string {
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
              contacts: [{ profile: { name }, wa_id: from }],
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
