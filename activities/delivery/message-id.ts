// The workflow's deterministic message id becomes the RFC 5322 Message-ID, so a retried delivery
// sends the same message and a receiver (or the outbox) can tell it is a repeat.

// Characters that are valid in a Message-ID's left part and safe in a file name once `+=` are mapped.
const MESSAGE_ID = /^[A-Za-z0-9._=+-]{1,200}$/;

export function isValidMessageId(messageId: string): boolean {
  return MESSAGE_ID.test(messageId);
}

/** `<messageId@domain of the From address>`. */
export function messageIdHeader(messageId: string, from: string): string {
  const domain = /@([^@\s>]+)>?\s*$/.exec(from)?.[1] ?? 'ea.local';
  return `<${messageId}@${domain}>`;
}
