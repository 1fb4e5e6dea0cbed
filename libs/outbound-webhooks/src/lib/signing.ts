import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Standard Webhooks, "Signature scheme": https://www.standardwebhooks.com (spec.md, symmetric v1).
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export class WebhookSecretError extends Error {}

/** A new endpoint secret: `whsec_` and 32 random bytes in base64, as the spec recommends. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX))
    throw new WebhookSecretError('A secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24 || key.length > 64)
    throw new WebhookSecretError('A secret holds 24 to 64 bytes in base64');
  return key;
}

export interface SignedMessage {
  /** `webhook-id`: the same for every attempt and replay of one message. */
  id: string;
  /** `webhook-timestamp`: seconds since the epoch of this attempt. */
  timestamp: number;
  /** The exact bytes sent as the body. */
  body: string;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under one secret. */
export function signatureOf(message: SignedMessage, secret: string): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The `webhook-signature` header: one signature per secret in force, space-separated, so a
 * receiver holding either the old or the new secret accepts the message during a rotation.
 */
export function signatureHeader(message: SignedMessage, secrets: readonly string[]): string {
  if (secrets.length === 0) throw new WebhookSecretError('At least one secret signs a message');
  return secrets.map((secret) => signatureOf(message, secret)).join(' ');
}

/** The three headers of a Standard Webhooks message. */
export function webhookHeaders(
  message: SignedMessage,
  secrets: readonly string[],
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signatureHeader(message, secrets),
  };
}

/** True when one of the header's v1 signatures is the message's under `secret`. */
export function hasValidSignature(message: SignedMessage, header: string, secret: string): boolean {
  const expected = Buffer.from(signatureOf(message, secret));
  return header
    .split(' ')
    .map((candidate) => Buffer.from(candidate))
    .some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    );
}
