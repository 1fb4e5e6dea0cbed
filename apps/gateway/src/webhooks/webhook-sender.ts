import {
  guardedLookup,
  refusalOf,
  type TargetPolicy,
  webhookHeaders,
} from '@sleep/outbound-webhooks';
import { Agent, request } from 'undici';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** A bounded reason for metrics and the attempts list: http_4xx, http_5xx, timeout, refused, network. */
  reason: 'ok' | 'http_4xx' | 'http_5xx' | 'http_other' | 'timeout' | 'refused' | 'network';
  error: string | null;
}

/** POSTs one signed message; any 2xx is success, everything else (or no answer) a failure. */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly policy: TargetPolicy,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(policy), timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  async send(
    url: string,
    message: { id: string; body: string },
    secrets: string[],
    now: Date,
  ): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refusal = refusalOf(url, this.policy);
    if (refusal)
      return { ok: false, statusCode: null, latencyMs: 0, reason: 'refused', error: refusal };
    const signed = {
      id: message.id,
      timestamp: Math.floor(now.getTime() / 1000),
      body: message.body,
    };
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        body: message.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sleep-platform-webhooks/1',
          ...webhookHeaders(signed, secrets),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The receiver's answer is not kept; read to free the connection, up to a point.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const statusCode = response.statusCode;
      if (statusCode >= 200 && statusCode < 300)
        return { ok: true, statusCode, latencyMs: elapsed(), reason: 'ok', error: null };
      const reason = statusCode >= 500 ? 'http_5xx' : statusCode >= 400 ? 'http_4xx' : 'http_other';
      return { ok: false, statusCode, latencyMs: elapsed(), reason, error: `HTTP ${statusCode}` };
    } catch (error) {
      const code = (error as { code?: string; name?: string }).code;
      const name = (error as { name?: string }).name;
      if (code === 'ETARGETREFUSED')
        return {
          ok: false,
          statusCode: null,
          latencyMs: elapsed(),
          reason: 'refused',
          error: 'The address is not public',
        };
      const timedOut =
        name === 'TimeoutError' ||
        code === 'UND_ERR_HEADERS_TIMEOUT' ||
        code === 'UND_ERR_BODY_TIMEOUT' ||
        code === 'UND_ERR_CONNECT_TIMEOUT';
      return {
        ok: false,
        statusCode: null,
        latencyMs: elapsed(),
        reason: timedOut ? 'timeout' : 'network',
        error: timedOut
          ? `No answer within ${this.timeoutMs} ms`
          : `Connection failed (${code ?? name ?? 'error'})`,
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
