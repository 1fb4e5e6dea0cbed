// The first calls `npm start` prints, and the demo's users registered as a product would: through
// the gateway's API with the tenant admin's token.

export interface Example {
  what: string;
  /** A shell command; it reads the token from $TOKEN. */
  command: string;
}

const auth = '-H "Authorization: Bearer $TOKEN"';

/** The calls that return data right after start (plus the demo's, when there are users). */
export function firstCalls(gatewayUrl: string, appUserId?: string): Example[] {
  const calls: Example[] = [
    { what: 'who the token is', command: `curl -s ${auth} ${gatewayUrl}/api/me` },
    { what: 'the tenant', command: `curl -s ${auth} ${gatewayUrl}/api/tenant` },
    { what: "the tenant's app users", command: `curl -s ${auth} ${gatewayUrl}/api/users` },
  ];
  if (appUserId) {
    const input = encodeURIComponent(JSON.stringify({ appUserId }));
    calls.push(
      {
        what: `the nights of ${appUserId}`,
        command: `curl -s ${auth} "${gatewayUrl}/api/sessions?appUserId=${appUserId}"`,
      },
      {
        what: `${appUserId}'s nights live, as server-sent events (Ctrl-C to stop)`,
        command: `curl -sN ${auth} "${gatewayUrl}/trpc/sessions.live?input=${input}"`,
      },
    );
  }
  calls.push({
    what: 'the API reference (open it in a browser)',
    command: `curl -sL ${gatewayUrl}/docs`,
  });
  return calls;
}

export function readNightCall(gatewayUrl: string, appUserId: string, sessionId: string): Example {
  return {
    what: `one night of ${appUserId}, with stages and stats`,
    command: `curl -s ${auth} "${gatewayUrl}/api/sessions/${sessionId}?appUserId=${appUserId}"`,
  };
}

export function formatExamples(examples: Example[]): string {
  return examples.map(({ what, command }) => `  # ${what}\n  ${command}`).join('\n');
}

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

function gatewayCaller(gatewayUrl: string, token: string): Call {
  return (method, path, body) =>
    fetch(`${gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
}

/**
 * Registers `sleeper-1` … `sleeper-<count>` as app users (each gets its Asleep user at the
 * simulator). The simulator keeps nothing across starts, so users left by an earlier demo are
 * deleted everywhere first and registered afresh.
 */
export async function registerDemoUsers(
  gatewayUrl: string,
  token: string,
  count: number,
): Promise<string[]> {
  const call = gatewayCaller(gatewayUrl, token);
  const ids = Array.from({ length: count }, (_, i) => `sleeper-${i + 1}`);
  for (const appUserId of ids) {
    let response = await call('POST', '/api/users', { appUserId });
    if (response.status === 409) {
      await call('DELETE', `/api/user?appUserId=${appUserId}`);
      response = await call('POST', '/api/users', { appUserId });
    }
    if (!response.ok) {
      throw new Error(
        `could not register ${appUserId}: ${response.status} ${await response.text()}`,
      );
    }
  }
  return ids;
}

/** Resolves with the id of the user's first COMPLETE night once it is readable. */
export async function firstCompleteNight(
  gatewayUrl: string,
  token: string,
  appUserId: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const call = gatewayCaller(gatewayUrl, token);
  while (!signal.aborted) {
    try {
      const response = await call('GET', `/api/sessions?appUserId=${appUserId}&limit=50`);
      if (response.ok) {
        const page = (await response.json()) as {
          sessions: { session_id: string; state: string }[];
        };
        const night = page.sessions.find((session) => session.state === 'COMPLETE');
        if (night) return night.session_id;
      }
    } catch {
      // the gateway is busy or stopping: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return undefined;
}
