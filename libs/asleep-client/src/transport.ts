import { Pool } from 'undici';
import {
  AsleepInvalidRequestError,
  AsleepInvalidResponseError,
  AsleepUnavailableError,
} from './errors';
import type { AsleepOperation, AsleepRequest } from './operation';
import type { AsleepClientConfig } from './options';

export interface AsleepResponse {
  status: number;
  /** Empty for 204. */
  text: string;
}

function abortAttempt(controller: AbortController) {
  controller.abort();
}

/**
 * One keep-alive pool to the Asleep origin. Each attempt gets its own timer: undici's
 * headersTimeout/bodyTimeout tick at about half a second and bound idle gaps rather than
 * the whole exchange, so they only back this one up.
 */
export class Transport {
  private readonly pool: Pool;
  private readonly prefix: string;
  /** A private field: util.inspect and JSON.stringify of the client never show it. */
  readonly #apiKey: string;
  private closed = false;

  constructor(config: Omit<AsleepClientConfig, 'apiKey'>, apiKey: string) {
    this.#apiKey = apiKey;
    const url = new URL(config.baseUrl);
    this.prefix = url.pathname.replace(/\/+$/, '');
    const backstop = config.timeouts.requestMs + 1_000;
    this.pool = new Pool(url.origin, {
      connections: config.pool.connections,
      keepAliveTimeout: config.pool.keepAliveTimeoutMs,
      headersTimeout: backstop,
      bodyTimeout: backstop,
      connect: { timeout: config.timeouts.connectMs },
      maxResponseSize: config.pool.maxResponseBytes,
    });
  }

  /** Sends one attempt. Throws only AsleepUnavailableError (timeout, network) or AsleepInvalidResponseError. */
  async send(
    operation: AsleepOperation,
    request: AsleepRequest,
    timeoutMs: number,
  ): Promise<AsleepResponse> {
    const controller = new AbortController();
    const timer = setTimeout(abortAttempt, timeoutMs, controller);
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.prefix + request.path,
        headers: this.headersFor(request),
        body: request.body,
        signal: controller.signal,
      });
      const text =
        response.statusCode === 204 ? (await response.body.dump(), '') : await response.body.text();
      return { status: response.statusCode, text };
    } catch (error) {
      throw this.failure(operation, error, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Strips the key from anything upstream echoes back, so it cannot reach a message or a log. */
  readonly redact = (text: string): string =>
    text.includes(this.#apiKey) ? text.replaceAll(this.#apiKey, '[redacted]') : text;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  private headersFor(request: AsleepRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'x-api-key': this.#apiKey,
      accept: 'application/json',
    };
    if (request.userId !== undefined) headers['x-user-id'] = request.userId;
    if (request.timezone !== undefined) headers['timezone'] = request.timezone;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  private failure(
    operation: AsleepOperation,
    error: unknown,
    timedOut: boolean,
    timeoutMs: number,
  ) {
    if (timedOut) {
      return new AsleepUnavailableError({
        operation,
        reason: 'timeout',
        detail: `no complete answer within ${timeoutMs} ms`,
      });
    }
    const code = (error as { code?: unknown }).code;
    // A header undici refuses (e.g. a character outside latin1 in an id) is our input, not the network.
    if (code === 'UND_ERR_INVALID_ARG') {
      return new AsleepInvalidRequestError({
        operation,
        source: 'client',
        detail: 'request refused by the HTTP client',
      });
    }
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      return new AsleepInvalidResponseError({
        operation,
        detail: 'response body too large',
        cause: error,
      });
    }
    const label = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
    return new AsleepUnavailableError({
      operation,
      reason: 'network',
      detail: `network error (${label})`,
      cause: error,
    });
  }
}
