import { randomBytes } from 'node:crypto';
import {
  generateNight,
  nightDeliveries,
  type WebhookDelivery,
  type WebhookVersion,
} from '@sleep/asleep-sim';

/** Nights of users no other test has, as Asleep would deliver them, interleaved across users. */
export function streamOfNights(
  users: number,
  apiKey: string,
  version: WebhookVersion = 'V3',
): WebhookDelivery[] {
  const tag = randomBytes(4).toString('hex');
  const perUser = Array.from({ length: users }, (_, index) =>
    nightDeliveries(
      generateNight({
        userId: `G-20250301093015-E2e${tag}${String(index).padStart(5, '0')}`,
        date: '2025-03-10',
        kind: 'normal',
        seed: index + 1,
      }),
      { apiKey, version },
    ),
  );
  const longest = Math.max(...perUser.map((list) => list.length));
  const stream: WebhookDelivery[] = [];
  for (let at = 0; at < longest; at++)
    for (const list of perUser) if (list[at]) stream.push(list[at]);
  return stream;
}

export interface Sent {
  delivery: WebhookDelivery;
  /** HTTP status, or 0 when the connection failed. */
  status: number;
}

/**
 * Sends deliveries with `concurrency` requests in flight (each user's in order, as the stream
 * lists them), calling `onSent` after each; stops early once `stop()` returns true.
 */
export async function send(
  url: string,
  deliveries: readonly WebhookDelivery[],
  concurrency: number,
  onSent: (sent: Sent, index: number) => void | Promise<void> = () => undefined,
  stop: () => boolean = () => false,
): Promise<Sent[]> {
  const results: Sent[] = [];
  let next = 0;
  const lane = async () => {
    while (next < deliveries.length && !stop()) {
      const index = next++;
      const delivery = deliveries[index];
      let status = 0;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...delivery.headers },
          body: JSON.stringify(delivery.body),
          signal: AbortSignal.timeout(15_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      const sent = { delivery, status };
      results.push(sent);
      await onSent(sent, results.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

export const accepted = (sent: readonly Sent[]) =>
  sent.filter((entry) => entry.status >= 200 && entry.status < 300);
