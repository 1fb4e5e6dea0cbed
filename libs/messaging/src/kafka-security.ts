import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** How a client proves who it is to the brokers and keeps the connection private. */
export interface KafkaSecurity {
  /** TLS to the brokers: `true` trusts the system CAs; PEM text adds a CA and a client certificate. */
  tls?: true | { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/** The variables that configure it, the same for every service and tool. */
export interface KafkaSecurityEnv {
  KAFKA_TLS?: string;
  KAFKA_TLS_CA_FILE?: string;
  KAFKA_TLS_CERT_FILE?: string;
  KAFKA_TLS_KEY_FILE?: string;
  KAFKA_SASL_MECHANISM?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

export class KafkaSecurityConfigError extends Error {
  override readonly name = 'KafkaSecurityConfigError';
}

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KafkaSecurityConfigError(
      `${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * Reads `KAFKA_TLS*` and `KAFKA_SASL_*`. Nothing set means a plain connection (the local broker).
 * Any TLS file implies TLS; SASL needs a mechanism, a user name and a password. Errors name the
 * variable, never a password.
 */
export function kafkaSecurityFromEnv(env: KafkaSecurityEnv): KafkaSecurity {
  const security: KafkaSecurity = {};
  const files = {
    ca: env.KAFKA_TLS_CA_FILE,
    cert: env.KAFKA_TLS_CERT_FILE,
    key: env.KAFKA_TLS_KEY_FILE,
  };
  const tlsFlag = (env.KAFKA_TLS ?? '').trim().toLowerCase();
  if (tlsFlag !== '' && tlsFlag !== 'true' && tlsFlag !== 'false')
    throw new KafkaSecurityConfigError('KAFKA_TLS: expected true or false');
  if (set(files.cert) !== set(files.key))
    throw new KafkaSecurityConfigError(
      'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE: set both or neither',
    );
  if (tlsFlag === 'false' && Object.values(files).some(set))
    throw new KafkaSecurityConfigError('KAFKA_TLS: false, but TLS files are set');
  if (Object.values(files).some(set)) {
    security.tls = {
      ...(set(files.ca) && { ca: readPem('KAFKA_TLS_CA_FILE', files.ca) }),
      ...(set(files.cert) && { cert: readPem('KAFKA_TLS_CERT_FILE', files.cert) }),
      ...(set(files.key) && { key: readPem('KAFKA_TLS_KEY_FILE', files.key) }),
    };
  } else if (tlsFlag === 'true') {
    security.tls = true;
  }
  const mechanism = (env.KAFKA_SASL_MECHANISM ?? '').trim().toLowerCase();
  if (mechanism !== '') {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism))
      throw new KafkaSecurityConfigError(
        `KAFKA_SASL_MECHANISM: expected one of ${SASL_MECHANISMS.join(', ')}`,
      );
    if (!set(env.KAFKA_SASL_USERNAME))
      throw new KafkaSecurityConfigError('KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM');
    if (!set(env.KAFKA_SASL_PASSWORD))
      throw new KafkaSecurityConfigError('KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
    security.sasl = {
      mechanism: mechanism as SaslMechanism,
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    };
  } else if (set(env.KAFKA_SASL_USERNAME) || set(env.KAFKA_SASL_PASSWORD)) {
    throw new KafkaSecurityConfigError('KAFKA_SASL_MECHANISM: required with a SASL user name');
  }
  return security;
}

/** kafkajs's `ssl` option. */
export function tlsOption(security: KafkaSecurity): boolean | ConnectionOptions | undefined {
  if (!security.tls) return undefined;
  return security.tls === true ? true : { ...security.tls };
}

/** For logs: how the client connects, never the secrets. */
export function describeSecurity(security: KafkaSecurity): string {
  const transport = security.tls ? 'tls' : 'plaintext';
  return security.sasl
    ? `${transport}, sasl ${security.sasl.mechanism} as ${security.sasl.username}`
    : transport;
}
