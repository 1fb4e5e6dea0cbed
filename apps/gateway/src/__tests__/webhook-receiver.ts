import { createServer, type Server } from 'node:http';
import type { WebhookPayload } from '@sleep/contracts';

/** A short clock: retries from 200 ms, disabled after 1.5 s and 4 failures in a row. */
export const SHORT_WEBHOOK_CLOCK = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_DISPATCH_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '800',
  WEBHOOK_RETRY_HORIZON_MS: '60000',
  WEBHOOK_DISABLE_AFTER_MS: '1500',
  WEBHOOK_DISABLE_MIN_FAILURES: '4',
};

export interface Received {
  at: number;
  headers: Record<string, string>;
  body: string;
  payload: WebhookPayload;
}

/** A tenant's backend: answers with `status`, keeps what it was sent. */
export async function startReceiver() {
  const received: Received[] = [];
  const state = {
    status: 200,
    /** The first `times` attempts of each message of this type fail with 503. */
    failFirst: null as { type: string; times: number } | null,
  };
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        at: Date.now(),
        headers: req.headers as Record<string, string>,
        body,
        payload: JSON.parse(body) as WebhookPayload,
      });
      const id = String(req.headers['webhook-id']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const failing = state.failFirst?.type === received.at(-1)!.payload.type;
      res.statusCode = failing && seen.get(id)! <= state.failFirst!.times ? 503 : state.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    state,
    of: (userId: string) => received.filter((r) => r.payload.data.userId === userId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

type Falsy = false | null | undefined | 0 | '';
export async function until<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
