import type { Headers } from 'mailparser';

/** Why a message must not be answered, or null when a person wrote it. */
export type AutomatedReason =
  'auto-submitted' | 'precedence' | 'bounce' | 'auto-reply-header' | 'list' | 'own-address' | null;

const automatedSenders = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+@.-]|$)/i;

function header(headers: Headers, name: string): string {
  const value = headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string')
    return value.value.toLowerCase();
  return JSON.stringify(value).toLowerCase();
}

/**
 * Recognises mail no person wrote, so two robots never answer each other in a loop (RFC 3834): Auto-Submitted other
 * than "no", Precedence bulk/junk/list/auto_reply, delivery status notifications (multipart/report, mailer-daemon),
 * the vendor headers of out-of-office replies (X-Autoreply, X-Autorespond, X-Auto-Response-Suppress), mailing lists,
 * and our own address (a message we sent that came back into the folder).
 */
export function automatedReason(headers: Headers, from: string, ownAddress: string): AutomatedReason {
  if (from === ownAddress) return 'own-address';
  const autoSubmitted = header(headers, 'auto-submitted');
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (/\b(bulk|junk|list|auto_reply)\b/.test(header(headers, 'precedence'))) return 'precedence';
  const contentType = header(headers, 'content-type');
  if (contentType.includes('multipart/report') || contentType.includes('delivery-status')) return 'bounce';
  if (automatedSenders.test(from)) return 'bounce';
  if (header(headers, 'x-autoreply') !== '' || header(headers, 'x-autorespond') !== '') return 'auto-reply-header';
  if (/\b(all|oof|autoreply)\b/.test(header(headers, 'x-auto-response-suppress'))) return 'auto-reply-header';
  if (header(headers, 'list-id') !== '' || header(headers, 'list-unsubscribe') !== '') return 'list';
  return null;
}
