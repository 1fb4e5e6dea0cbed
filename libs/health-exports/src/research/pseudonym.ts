import { createHmac, randomBytes } from 'node:crypto';

/**
 * Participant ids stable within one export and unlinkable across exports: HMAC-SHA256 of the user
 * id under a key drawn for this export alone and never stored.
 */
export function createPseudonymiser(key: Buffer = randomBytes(32)): (userId: string) => string {
  return (userId) => `p-${createHmac('sha256', key).update(userId).digest('hex').slice(0, 16)}`;
}
