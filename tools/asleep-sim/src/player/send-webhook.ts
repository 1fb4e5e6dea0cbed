import { setTimeout as delay } from 'node:timers/promises';
import { Dispatcher, request } from 'undici';
import type { WebhookDelivery } from './deliveries';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
  readonly baseMs?: number;
  readonly maxMs?: number;
}

export interface Attempt {
  /** HTTP status, or `error` for a network failure or timeout. */
  readonly status: number | 'error';
  readonly error?: string;
}

export interface SendContext {
  readonly url: string;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly signal: AbortSignal;
  /** Resolves when a request may start (concurrency and rate); the returned function frees the slot. */
  readonly acquire: () => Promise<() => void>;
}

async function attempt(delivery: WebhookDelivery, context: SendContext): Promise<Attempt> {
  const release = await context.acquire();
  try {
    const response = await request(context.url, {
      method: 'POST',
      headers: delivery.headers,
      body: JSON.stringify(delivery.body),
      dispatcher: context.dispatcher,
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(context.timeoutMs)]),
    });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return {
      status: 'error',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  } finally {
    release();
  }
}

const succeeded = (result: Attempt) =>
  typeof result.status === 'number' && result.status >= 200 && result.status < 300;

/** POSTs a delivery, retrying non-2xx answers and network errors with capped exponential backoff. */
export async function sendWithRetry(
  delivery: WebhookDelivery,
  context: SendContext,
): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  const { maxAttempts, baseMs, maxMs } = context.retry;
  while (attempts.length < maxAttempts && !context.signal.aborted) {
    const result = await attempt(delivery, context);
    attempts.push(result);
    if (succeeded(result) || attempts.length >= maxAttempts) break;
    const backoff = Math.min(maxMs, baseMs * 2 ** (attempts.length - 1));
    await delay(backoff, undefined, { signal: context.signal }).catch(() => undefined);
  }
  return attempts;
}

export const isDelivered = (attempts: readonly Attempt[]) => attempts.some(succeeded);
