import { Webhook } from 'standardwebhooks';
import {
  generateSecret,
  hasValidSignature,
  signatureOf,
  webhookHeaders,
  WebhookSecretError,
} from '../index';

// The published test vector of the Standard Webhooks specification.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  message: {
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
  },
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
  it("matches the specification's test vector", () => {
    expect(signatureOf(VECTOR.message, VECTOR.secret)).toBe(VECTOR.signature);
  });

  it('is accepted by the standardwebhooks verification library', () => {
    const secret = generateSecret();
    const message = {
      id: 'msg_1',
      timestamp: Math.floor(Date.now() / 1000),
      body: JSON.stringify({ type: 'session.completed', data: { subjectId: 's-1' } }),
    };
    const verified = new Webhook(secret).verify(message.body, webhookHeaders(message, [secret]));
    expect(verified).toEqual(JSON.parse(message.body));
  });

  it('signs with every secret in force during a rotation, so old and new receivers accept', () => {
    const [previous, next] = [generateSecret(), generateSecret()];
    const message = { id: 'msg_2', timestamp: Math.floor(Date.now() / 1000), body: '{"a":1}' };
    const headers = webhookHeaders(message, [next, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(previous).verify(message.body, headers)).not.toThrow();
    expect(() => new Webhook(next).verify(message.body, headers)).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(message.body, headers)).toThrow();
    expect(hasValidSignature(message, headers['webhook-signature'], previous)).toBe(true);
    expect(
      hasValidSignature({ ...message, body: '{"a":2}' }, headers['webhook-signature'], next),
    ).toBe(false);
  });

  it('refuses malformed secrets clearly', () => {
    expect(() => signatureOf(VECTOR.message, 'not-a-secret')).toThrow(WebhookSecretError);
    expect(() => signatureOf(VECTOR.message, 'whsec_c2hvcnQ=')).toThrow(WebhookSecretError);
  });

  it('makes secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateSecret()).not.toBe(secret);
  });
});
