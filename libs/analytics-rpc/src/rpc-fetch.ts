import { Agent, type IncomingMessage, request } from 'node:http';
import type { httpLink } from '@trpc/client';

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

/** The whole body as text: one decode of all its chunks (a multi-byte character may span two). */
function bodyText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString()),
    );
    response.on('error', reject);
  });
}

/**
 * A `fetch` for the internal tRPC client over keep-alive connections to the service (Node's HTTP
 * client): the global `fetch` builds a WHATWG Request and Response, header lists and composite
 * abort signals for every call, which on a busy host cost more than a one-row query. Not
 * undici's `Pool`: each of its requests left objects that outlived many later calls, so a
 * caller reading A1 answers copied megabytes in every young-generation collection (pauses of
 * 5-60 ms on a loaded host) and spent more CPU per call in all. One timer bounds the whole
 * exchange; the caller's signal is honoured.
 */
export function createRpcFetch(baseUrl: string, options: RpcFetchOptions = {}): RpcFetch {
  const { timeoutMs = 5_000, connections = 16 } = options;
  const origin = new URL(baseUrl);
  // Idle connections close as the service's Keep-Alive header asks, before it closes them itself.
  const agent = new Agent({ keepAlive: true, maxSockets: connections, scheduling: 'lifo' });
  const fetch: FetchEsque = (input, init) =>
    new Promise((resolve, reject) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      );
      const outer = init?.signal ?? undefined;
      if (outer?.aborted) return reject(outer.reason);
      const call = request({
        agent,
        host: origin.hostname,
        port: origin.port,
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        headers: headersOf(init?.headers),
      });
      const timer = setTimeout(
        () => call.destroy(new Error('analytics rpc call timed out')),
        timeoutMs,
      );
      const forward = () => call.destroy(outer?.reason ?? new Error('analytics rpc call aborted'));
      outer?.addEventListener('abort', forward, { once: true });
      const settle = () => {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
      };
      const fail = (error: unknown) => {
        settle();
        reject(error);
      };
      call.on('error', fail);
      call.once('response', (response) => {
        bodyText(response).then((text) => {
          settle();
          const status = response.statusCode ?? 0;
          // The status travels too: tRPC's errors keep the response as their `meta`.
          const answer = {
            ok: status >= 200 && status < 300,
            status,
            json: async () => JSON.parse(text),
          };
          resolve(answer);
        }, fail);
      });
      call.end(typeof init?.body === 'string' ? init.body : undefined);
    });
  return {
    fetch,
    close: async () => agent.destroy(),
  };
}
