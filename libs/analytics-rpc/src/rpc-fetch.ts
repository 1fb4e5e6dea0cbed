import type { httpLink } from '@trpc/client';
import { Pool } from 'undici';

export interface RpcFetchOptions {
  /** Whole-exchange limit of one call (headers and body), ms. */
  timeoutMs?: number;
  /** Keep-alive connections to the service. */
  connections?: number;
}

export interface RpcFetch {
  /** For tRPC's HTTP links (`httpLink({ url, fetch })`, `httpBatchLink`). */
  fetch: FetchEsque;
  close(): Promise<void>;
}

/** The `fetch` tRPC's HTTP links take. */
type FetchEsque = NonNullable<Parameters<typeof httpLink>[0]['fetch']>;

/** tRPC passes a plain object; a header list or a `Headers` is taken too. */
const headersOf = (headers: unknown): Record<string, string> => {
  if (!headers) return {};
  if (typeof headers === 'object' && Symbol.iterator in headers)
    return Object.fromEntries(headers as Iterable<[string, string]>);
  return headers as Record<string, string>;
};

function abortCall(controller: AbortController) {
  controller.abort(new Error('analytics rpc call timed out'));
}

/**
 * A `fetch` for the internal tRPC client over one undici keep-alive pool to the service: the
 * global `fetch` builds a WHATWG Request and Response, header lists and composite abort signals
 * for every call, which on a busy host cost more than a one-row query. One timer bounds the
 * whole exchange (undici's own timeouts bound idle gaps only); the caller's signal is honoured.
 */
export function createRpcFetch(baseUrl: string, options: RpcFetchOptions = {}): RpcFetch {
  const { timeoutMs = 5_000, connections = 16 } = options;
  const pool = new Pool(new URL(baseUrl).origin, {
    connections,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs + 1_000,
    bodyTimeout: timeoutMs + 1_000,
  });
  const fetch: FetchEsque = async (input, init) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const controller = new AbortController();
    const timer = setTimeout(abortCall, timeoutMs, controller);
    const outer = init?.signal ?? undefined;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    try {
      const response = await pool.request({
        method: (init?.method ?? 'GET') as 'GET',
        path: url.pathname + url.search,
        headers: headersOf(init?.headers),
        body: typeof init?.body === 'string' ? init.body : undefined,
        signal: controller.signal,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      return { ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  };
  return { fetch, close: () => pool.close() };
}
