import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { IHeaders } from 'kafkajs';

export const SIGNATURE_HEADER = 'x-signature';
export const SIGNATURE_KID_HEADER = 'x-signature-kid';

/**
 * The development signing key (an Ed25519 seed, base64), printed here like the other development
 * secrets: `npm start` and the tests sign and verify with it when nothing is configured.
 */
export const DEV_EVENT_SIGNING_SEED = createHash('sha256')
  .update('sleep-platform-development-event-signing-key')
  .digest('base64');

// DER framings of a raw Ed25519 key (RFC 8410): PKCS#8 around the seed, SPKI around the public key.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

function rawKey(base64: string, what: string): Buffer {
  const bytes = Buffer.from(base64.trim(), 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== base64.trim())
    throw new SigningKeyError(`expected ${what}: 32 bytes in base64`);
  return bytes;
}

/** The id of a verification key: the first 8 hex digits of the SHA-256 of its 32 raw bytes. */
export function signingKeyId(publicKeyBase64: string): string {
  return createHash('sha256')
    .update(rawKey(publicKeyBase64, 'a public key'))
    .digest('hex')
    .slice(0, 8);
}

/** The public key (base64 of 32 raw bytes) that verifies what a seed signs. */
export function publicKeyOf(seedBase64: string): string {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, rawKey(seedBase64, 'an Ed25519 seed')]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length).toString('base64');
}

/** What is signed: the topic and key too, so a signed value cannot be replayed elsewhere. */
function signedBytes(topic: string, key: string | null, value: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(`sleep-platform-event-v1\n${topic}\n${key ?? ''}\n`, 'utf8'),
    typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  ]);
}

/** Signs messages with Ed25519; only the publisher entitled to a topic holds the seed. */
export class MessageSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;

  constructor(seedBase64: string) {
    this.privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, rawKey(seedBase64, 'an Ed25519 seed')]),
      format: 'der',
      type: 'pkcs8',
    });
    this.kid = signingKeyId(publicKeyOf(seedBase64));
  }

  /** The headers to send with this message. */
  headers(topic: string, key: string | null, value: Buffer | string): Record<string, string> {
    const signature = sign(null, signedBytes(topic, key, value), this.privateKey);
    return { [SIGNATURE_KID_HEADER]: this.kid, [SIGNATURE_HEADER]: signature.toString('base64') };
  }
}

export type SignatureCheck =
  | { ok: true; kid: string }
  | { ok: false; reason: 'unsigned' | 'signature-invalid'; detail: string };

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/**
 * Verifies messages against the publisher's public keys. Several keys may be configured during a
 * rotation: the message's key id picks one, so the old and new keys both verify meanwhile.
 */
export class MessageVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(publicKeysBase64: readonly string[]) {
    for (const base64 of publicKeysBase64) {
      const key = createPublicKey({
        key: Buffer.concat([SPKI_PREFIX, rawKey(base64, 'a public key')]),
        format: 'der',
        type: 'spki',
      });
      this.keys.set(signingKeyId(base64), key);
    }
    if (this.keys.size === 0) throw new SigningKeyError('no verification key configured');
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  check(
    topic: string,
    message: { key: Buffer | string | null; value: Buffer | null; headers?: IHeaders },
  ): SignatureCheck {
    const kid = headerText(message.headers, SIGNATURE_KID_HEADER);
    const signature = headerText(message.headers, SIGNATURE_HEADER);
    if (!kid || !signature)
      return { ok: false, reason: 'unsigned', detail: `no ${SIGNATURE_HEADER} header` };
    const key = this.keys.get(kid);
    if (!key)
      return { ok: false, reason: 'signature-invalid', detail: `unknown signing key id ${kid}` };
    const messageKey = message.key === null ? null : message.key.toString();
    const valid = verify(
      null,
      signedBytes(topic, messageKey, message.value ?? Buffer.alloc(0)),
      key,
      Buffer.from(signature, 'base64'),
    );
    return valid
      ? { ok: true, kid }
      : {
          ok: false,
          reason: 'signature-invalid',
          detail: `signature does not verify (key ${kid})`,
        };
  }
}
