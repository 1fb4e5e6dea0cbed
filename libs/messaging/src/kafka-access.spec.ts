import { KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { asAccessDenied, isAccessDenied, KafkaAccessDeniedError } from './kafka-access';

// kafkajs's own error classes, built as it builds them (its typings omit the constructors' arguments).
type ErrorClass = new (...args: unknown[]) => Error;
const scram = (reason: string) =>
  new (KafkaJSSASLAuthenticationError as unknown as ErrorClass)(
    `SASL SCRAM SHA512 authentication failed: ${reason}`,
  );
const retriesExceeded = (cause: Error) =>
  new (KafkaJSNumberOfRetriesExceeded as unknown as ErrorClass)(cause, {
    retryCount: 5,
    retryTime: 1_000,
  });

describe('which SASL failures are a refusal', () => {
  it('refuses credentials the broker rejected, naming the code', () => {
    const error = asAccessDenied(
      scram('Authentication failed during authentication due to invalid credentials'),
      'the connection of svc-ingest',
    );
    expect(error).toBeInstanceOf(KafkaAccessDeniedError);
    expect((error as KafkaAccessDeniedError).code).toBe('SASL_AUTHENTICATION_FAILED');
  });

  it.each([
    'Not connected',
    'Closed connection',
    'Connection error: connect ECONNREFUSED 127.0.0.1:1',
  ])('retries an exchange whose connection was lost (%s)', (reason) => {
    expect(isAccessDenied(scram(reason))).toBe(false);
    expect(isAccessDenied(retriesExceeded(scram(reason)))).toBe(false);
  });
});
