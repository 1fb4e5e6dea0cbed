import type { AsleepSim } from '../sim';

export interface CallOptions {
  readonly key?: string | null;
  readonly userId?: string;
  readonly timezone?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** One request to the sim with Asleep's headers; `key: null` sends no `x-api-key`. */
export async function call(
  sim: AsleepSim,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? sim.apiKeys[0] : options.key;
  if (key !== null) headers['x-api-key'] = key;
  if (options.userId) headers['x-user-id'] = options.userId;
  if (options.timezone) headers.timezone = options.timezone;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
