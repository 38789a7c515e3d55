/**
 * A phone number as the console shows it by default: the country code and the last two digits,
 * enough to tell two people apart in a conversation, not enough to call or identify anyone.
 * Twilio's `whatsapp:` prefix is dropped; a WhatsApp id without "+" is treated the same.
 */
export function maskAddress(address: string): string {
  const digits = address.replace(/^whatsapp:/, '').replace(/[^\d]/g, '');
  if (digits.length < 6) return '•••';
  return `+${digits.slice(0, 3)} ${'•'.repeat(digits.length - 5)} ${digits.slice(-2)}`;
}
