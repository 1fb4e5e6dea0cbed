/** The query calls of one GET request, as tRPC's HTTP links encode them. */
export interface GetQueries {
  /** `?batch=1`: the paths are comma-separated and `input` is `{ "0": …, "1": … }`. */
  isBatchCall: boolean;
  paths: string[];
  /** Each path's raw input (undefined: none), in the order of `paths`. */
  inputs: unknown[];
}

/** What of a Fastify request (or any like it) the decoding reads. */
export interface GetQueriesRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: unknown;
  params: { path: string };
}

type ProcedureTypes = Record<string, { _def: { type: string } } | undefined>;

/**
 * The GET query calls of a request (one, or a batch) for a route that answers them without
 * tRPC's `resolveResponse`; null when it is anything else, which `resolveResponse` must answer
 * (with its own errors): not a GET, a streamed call (`trpc-accept`), more than `maxBatch` calls,
 * a path that is not a query of `router`, input that is not JSON.
 */
export function parseGetQueries(
  request: GetQueriesRequest,
  router: { _def: { procedures: object } },
  maxBatch: number,
): GetQueries | null {
  if (request.method !== 'GET' || request.headers['trpc-accept'] !== undefined) return null;
  const query = request.query as { batch?: string; input?: string };
  const isBatchCall = query.batch === '1';
  const paths = isBatchCall ? request.params.path.split(',') : [request.params.path];
  const procedures = router._def.procedures as ProcedureTypes;
  if (paths.length > maxBatch || paths.some((path) => procedures[path]?._def.type !== 'query'))
    return null;
  try {
    const raw: unknown = query.input === undefined ? undefined : JSON.parse(query.input);
    const inputs = isBatchCall
      ? paths.map((_, i) => (raw as Record<string, unknown> | undefined)?.[i])
      : [raw];
    return { isBatchCall, paths, inputs };
  } catch {
    return null;
  }
}
