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

/**
 * SMS budgets, in segments. A reply longer than `pageSegments` is split into parts the person
 * asks for one by one; no single SMS may exceed `maxSegments` (the content check fails).
 */
export const SMS = { pageSegments: 2, maxSegments: 3 } as const;
