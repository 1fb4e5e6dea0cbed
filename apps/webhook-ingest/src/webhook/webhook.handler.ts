import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import { SampledLog } from '@sleep/observability';
import type { WebhookKeyRegistry } from '../auth/webhook-key-registry';
import type { DurableRecord } from '../durability/durable-record';
import type { DurableWriter } from '../durability/durable-writer';
import { webhookDeadLetter, webhookEnvelope, type Receipt } from './webhook-envelope';
import { inspectWebhook } from './webhook-inspection';
import type { EventLabel, WebhookMetrics, WebhookOutcome } from './webhook.metrics';
import type { RouteFailure } from './raw-json.route';

export interface WebhookTopics {
  topic: string;
  dlq: string;
}

/** What one log line says about one attempt. Never the key, never the body. */
interface Attempt {
  tenant?: string;
  user?: string;
  session?: string;
  event?: EventLabel;
  eventId?: string;
  reason?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const EMPTY = Buffer.alloc(0);

/**
 * `POST /v1/webhooks/asleep`: authenticate, inspect, make durable, answer. The answer is 2xx
 * only once the event (or, for an authentic body that cannot be valid, its dead letter) is
 * acknowledged by Kafka or fsynced to the spool.
 */
export class WebhookHandler {
  private readonly senders = new WeakMap<FastifyRequest, Receipt>();
  /** Refused senders are counted in full but logged a few a second: a scanner floods nothing. */
  private readonly refusals = new SampledLog();
  /**
   * The line of each attempt. Its fields are the `Attempt` above, never a secret, so it skips the
   * logger's redaction pass, which walks every redacted path for each line: 7 of the 10 µs a
   * line cost (webhook-ingest README).
   */
  private readonly lines: Logger;

  constructor(
    private readonly keys: WebhookKeyRegistry,
    private readonly writer: DurableWriter,
    private readonly topics: WebhookTopics,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
  ) {
    this.lines = logger.child({}, { redact: [] });
  }

  /** Runs before the body is read, so an unauthenticated sender costs no body parsing and learns nothing. */
  readonly authenticate: onRequestHookHandler = (request, reply, done) => {
    const apiKey = request.headers['x-api-key'];
    const tenantId = typeof apiKey === 'string' ? this.keys.tenantFor(apiKey) : undefined;
    if (tenantId === undefined)
      return this.answer(reply, 401, 'unauthorized', {}, '{"error":"unauthorized"}');
    // The sender holds a real key, so it may learn why: Asleep shows the body in its delivery log.
    const refusal = this.keys.refusalOf?.(tenantId);
    if (refusal !== undefined)
      return this.answer(
        reply,
        401,
        'unauthorized',
        { tenant: tenantId, reason: refusal },
        '{"error":"tenant-disabled"}',
      );
    const userId = request.headers['x-user-id'];
    if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128) {
      return this.answer(
        reply,
        400,
        'bad-request',
        { tenant: tenantId, reason: 'x-user-id' },
        '{"error":"missing-user-id"}',
      );
    }
    this.senders.set(request, { tenantId, userId, receivedAt: new Date() });
    done();
  };

  readonly handle = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const receipt = this.senders.get(request);
    // Set by `authenticate`, which runs first on this route.
    if (!receipt) throw new Error('webhook reached its handler unauthenticated');
    const raw = Buffer.isBuffer(request.body) ? request.body : EMPTY;
    const fields: Attempt = { tenant: receipt.tenantId, user: receipt.userId };
    const inspection = inspectWebhook(raw, receipt.userId);
    switch (inspection.kind) {
      case 'malformed-json':
        return this.answer(
          reply,
          400,
          'bad-request',
          { ...fields, reason: 'malformed-json' },
          '{"error":"malformed-json"}',
        );
      case 'user-mismatch':
        return this.answer(reply, 400, 'user-mismatch', fields, '{"error":"user-id-mismatch"}');
      case 'invalid': {
        const { reason, issues, sessionId, event } = inspection;
        const letter = webhookDeadLetter(this.topics, receipt, reason, issues, raw);
        const attempt: Attempt = {
          ...fields,
          session: sessionId,
          event: event ?? 'unknown',
          reason,
        };
        if (!(await this.persist(reply, letter, attempt))) return;
        this.metrics.deadLetters.inc({ reason });
        return this.answer(
          reply,
          200,
          'dead-lettered',
          attempt,
          `{"status":"dead-lettered","reason":"${reason}"}`,
        );
      }
      case 'valid': {
        const { event, eventId, sessionId } = inspection;
        const envelope = webhookEnvelope(this.topics.topic, receipt, eventId, raw);
        const attempt: Attempt = { ...fields, session: sessionId, event, eventId };
        const durability = await this.persist(reply, envelope, attempt);
        if (!durability) return;
        const status = durability === 'kafka' ? 'accepted' : 'spooled';
        return this.answer(
          reply,
          200,
          status,
          attempt,
          `{"status":"${status}","eventId":${JSON.stringify(eventId)}}`,
        );
      }
    }
  };

  /** Fastify refused the request itself (size, media type, framing): still one line and one count. */
  readonly refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    failure: RouteFailure,
    status: number,
  ): void => {
    const receipt = this.senders.get(request);
    this.record(
      reply,
      status,
      failure,
      receipt ? { tenant: receipt.tenantId, user: receipt.userId } : {},
    );
  };

  private async persist(reply: FastifyReply, record: DurableRecord, attempt: Attempt) {
    try {
      return await this.writer.write(record);
    } catch (error) {
      // Neither Kafka nor the spool took it: the sender must try again.
      this.logger.error({ err: error, ...attempt }, 'webhook could not be made durable');
      reply.header('retry-after', '5');
      this.answer(reply, 503, 'unavailable', attempt, '{"error":"unavailable"}');
      return undefined;
    }
  }

  private answer(
    reply: FastifyReply,
    status: number,
    outcome: WebhookOutcome,
    attempt: Attempt,
    body: string,
  ): void {
    void reply.code(status).header('content-type', JSON_TYPE).send(body);
    this.record(reply, status, outcome, attempt);
  }

  private record(
    reply: FastifyReply,
    status: number,
    outcome: WebhookOutcome,
    attempt: Attempt,
  ): void {
    const ms = reply.elapsedTime;
    this.metrics.observe(attempt.event ?? 'unknown', outcome, ms / 1000);
    const line = { ...attempt, outcome, status, ms: Math.round(ms * 10) / 10 };
    if (status < 400) this.lines.info(line, 'webhook');
    else if (outcome !== 'unauthorized') this.lines.warn(line, 'webhook');
    else
      // `ip` is the client's: behind TRUSTED_PROXIES, the address they forwarded.
      this.refusals.take((suppressed) =>
        this.lines.warn(
          { ...line, ip: reply.request.ip, ...(suppressed > 0 && { suppressed }) },
          'webhook',
        ),
      );
  }
}
