/**
 * The caller stopped waiting. When `inFlight` is true the messages were already handed to Kafka
 * and may still be written later (kafkajs cannot cancel a request), so a retry by the caller can
 * duplicate them; consumers are idempotent for that reason. When false they were never sent.
 */
export class PublishTimeoutError extends Error {
  override readonly name = 'PublishTimeoutError';
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
    readonly inFlight: boolean,
  ) {
    super(
      `publish to ${topic} not acknowledged within ${timeoutMs} ms${inFlight ? ' (may still be written)' : ''}`,
    );
  }
}

export class ProducerClosedError extends Error {
  override readonly name = 'ProducerClosedError';
  constructor() {
    super('the producer is disconnecting; no new messages are accepted');
  }
}
