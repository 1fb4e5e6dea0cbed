/** Per-request context: who is calling, for logs. The service itself comes with the router. */
export interface SessionRpcContext {
  caller?: string;
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** Reads the context from an HTTP request's headers (`x-caller: gateway`). */
export function sessionRpcContextFrom(headers: HeaderBag): SessionRpcContext {
  const caller = headers['x-caller'];
  return { caller: Array.isArray(caller) ? caller[0] : caller };
}
