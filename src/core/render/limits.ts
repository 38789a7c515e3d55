/**
 * WhatsApp Cloud API limits, in UTF-16 code units as Meta's own SDKs count them.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-list-messages
 */
export const WHATSAPP = {
  maxButtons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  listButton: 20,
  /** The buttons page says 1024 for bodies and the list page 4096; 1024 is safe for both. */
  interactiveBody: 1024,
  textBody: 4096,
} as const;

/** SMS budget: a reply that needs more segments than this is split into pages. */
export const SMS = { maxSegments: 3 } as const;
