import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAccessDenied, KafkaAccessDeniedError } from './kafka-access';
import { describeSecurity, kafkaSecurityFromEnv } from './kafka-security';

describe('Kafka TLS and SASL from the environment', () => {
  it('is a plain connection when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('reads SCRAM or PLAIN credentials and TLS files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    const security = kafkaSecurityFromEnv({
      KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'svc-ingest',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(security).toEqual({
      tls: { ca: 'CA PEM' },
      sasl: { mechanism: 'scram-sha-512', username: 'svc-ingest', password: 'secret' },
    });
    expect(describeSecurity(security)).toBe('tls, sasl scram-sha-512 as svc-ingest');
    expect(
      kafkaSecurityFromEnv({
        KAFKA_TLS: 'true',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'key',
        KAFKA_SASL_PASSWORD: 'secret',
      }),
    ).toEqual({ tls: true, sasl: { mechanism: 'plain', username: 'key', password: 'secret' } });
  });

  it('names the variable at fault, never the password', () => {
    const fail = (env: Record<string, string>) => () => kafkaSecurityFromEnv(env);
    expect(fail({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(
      /KAFKA_SASL_MECHANISM: expected one of/,
    );
    expect(fail({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter22' })).toThrow(
      /^KAFKA_SASL_USERNAME: required/,
    );
    expect(fail({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter22' })).toThrow(
      /KAFKA_SASL_MECHANISM: required/,
    );
    expect(fail({ KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem' })).toThrow(
      /KAFKA_TLS_CA_FILE: cannot read/,
    );
    expect(fail({ KAFKA_TLS_CERT_FILE: '/x.pem' })).toThrow(/set both or neither/);
    expect(fail({ KAFKA_TLS: 'yes' })).toThrow(/KAFKA_TLS: expected true or false/);
  });
});

describe('refusals by the broker', () => {
  it('finds the broker error kafkajs wraps and names what was attempted', () => {
    const protocol = Object.assign(new Error('Not authorized to access group'), {
      type: 'GROUP_AUTHORIZATION_FAILED',
    });
    const wrapped = Object.assign(new Error('Not authorized to access group'), {
      name: 'KafkaJSNonRetriableError',
      cause: protocol,
    });
    const error = asAccessDenied(wrapped, 'consumer group g reading t');
    expect(error).toBeInstanceOf(KafkaAccessDeniedError);
    expect((error as Error).message).toBe(
      'Kafka refused consumer group g reading t: GROUP_AUTHORIZATION_FAILED (no ACL allows this consumer group)',
    );
    const sasl = Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    expect((asAccessDenied(sasl, 'x') as KafkaAccessDeniedError).code).toBe(
      'SASL_AUTHENTICATION_FAILED',
    );
    const other = new Error('Connection error: ECONNREFUSED');
    expect(asAccessDenied(other, 'x')).toBe(other);
  });
});
