import type { AppRouter } from '@sleep/gateway-api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource as FetchEventSource } from 'eventsource';

/** Any EventSource: the browser's, React Native's polyfill, or the `eventsource` package. */
type EventSourceConstructor = new (url: string, init?: never) => unknown;

export interface ClientOptions {
  /** The gateway's base URL, e.g. `https://api.example.com` (the client adds `/trpc`). */
  url: string;
  /** The current access token (JWT); called before every request, so refresh it there. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Server-sent events for subscriptions. Defaults to the platform's EventSource, else the
   * `eventsource` package (Node, tests).
   */
  EventSource?: EventSourceConstructor;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

/**
 * A typed client of the gateway: queries and mutations batched over HTTP, subscriptions over
 * SSE, the token attached to each.
 */
export function createClient(options: ClientOptions) {
  const url = `${options.url.replace(/\/+$/, '')}/trpc`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const bearer = async (): Promise<Record<string, string>> => {
    const token = await options.getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const EventSourceImpl = (options.EventSource ??
    (globalThis as { EventSource?: EventSourceConstructor }).EventSource ??
    FetchEventSource) as typeof FetchEventSource;
  // A browser's EventSource cannot send headers, so it carries the token in tRPC's connection
  // params; the fetch-based one sends the Authorization header like every other call.
  const sendsHeaders = EventSourceImpl === FetchEventSource;

  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource: EventSourceImpl,
          ...(sendsHeaders
            ? {
                eventSourceOptions: async () => {
                  const headers = await bearer();
                  return {
                    fetch: (input: string | URL | Request, init?: RequestInit) =>
                      fetchImpl(input, {
                        ...init,
                        headers: { ...(init?.headers as Record<string, string>), ...headers },
                      }),
                  };
                },
              }
            : { connectionParams: async () => ({ token: (await options.getToken()) ?? '' }) }),
        }),
        false: httpBatchLink({
          url,
          headers: bearer,
          fetch: fetchImpl,
          // Batched queries put every input in the URL; beyond this the batch is split.
          maxURLLength: 4_000,
          maxItems: 20,
        }),
      }),
    ],
  });
}

export type GatewayClient = ReturnType<typeof createClient>;
