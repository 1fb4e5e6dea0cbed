/** Broker answers that no retry changes: the principal lacks an ACL, or its credentials are wrong. */
const REFUSALS: Record<string, string> = {
  TOPIC_AUTHORIZATION_FAILED: 'no ACL allows this on the topic',
  GROUP_AUTHORIZATION_FAILED: 'no ACL allows this consumer group',
  CLUSTER_AUTHORIZATION_FAILED:
    'no ACL allows this on the cluster: creating topics, or a producer without WRITE on any topic',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'no ACL allows this transactional id',
  SASL_AUTHENTICATION_FAILED: 'the SASL user name or password was refused',
  UNSUPPORTED_SASL_MECHANISM: 'the broker does not offer this SASL mechanism',
  ILLEGAL_SASL_STATE: 'the SASL handshake failed',
};

/**
 * Kafka refused this client: wrong credentials or a missing ACL. It names what was attempted and
 * the broker's error code, so an operator knows which ACL to grant; retrying cannot help.
 */
export class KafkaAccessDeniedError extends Error {
  override readonly name = 'KafkaAccessDeniedError';
  constructor(
    readonly attempted: string,
    readonly code: string,
    cause?: unknown,
  ) {
    super(`Kafka refused ${attempted}: ${code} (${REFUSALS[code] ?? 'refused'})`, { cause });
  }
}

/**
 * kafkajs reports every failed SASL exchange alike, also one whose connection dropped midway (a
 * broker closes connections after another request's authorization failure): those say so at the
 * end of the message, are no verdict on the credentials, and are retried.
 */
const SASL_CONNECTION_LOST =
  /: (Not connected|Closed connection|Connection (closed|error|timeout)[^:]*|Request \S+ timed out|.*\bECONN\w+.*)$/;

/** kafkajs nests the broker's error in retries, aggregates and wrappers. */
function refusalCode(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 6) return undefined;
  const candidate = error as {
    type?: unknown;
    name?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof candidate.type === 'string' && candidate.type in REFUSALS) return candidate.type;
  if (
    candidate.name === 'KafkaJSSASLAuthenticationError' &&
    !SASL_CONNECTION_LOST.test(String((error as Error).message))
  )
    return 'SASL_AUTHENTICATION_FAILED';
  const nested = [
    candidate.cause,
    candidate.originalError,
    ...(Array.isArray(candidate.errors) ? candidate.errors : []),
  ];
  for (const inner of nested) {
    const code = refusalCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/** The error as a `KafkaAccessDeniedError` when Kafka refused access, else unchanged. */
export function asAccessDenied(error: unknown, attempted: string): unknown {
  if (error instanceof KafkaAccessDeniedError) return error;
  const code = refusalCode(error);
  return code ? new KafkaAccessDeniedError(attempted, code, error) : error;
}

export function isAccessDenied(error: unknown): boolean {
  return error instanceof KafkaAccessDeniedError || refusalCode(error) !== undefined;
}
