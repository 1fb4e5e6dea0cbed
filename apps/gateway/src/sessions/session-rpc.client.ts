import { ListSessionsResultSchema, type SleepData, SleepDataSchema } from '@sleep/contracts';
import {
  gatewayError,
  type SessionListQuery,
  type SessionPage,
  type SessionRef,
  type SessionStore,
  toSessionPage,
} from '@sleep/gateway-api';
import {
  SESSION_RPC_PREFIX,
  type SessionRouter,
  type SessionUser,
  type SessionRpcErrorCode,
  sessionRpcErrorCode,
} from '@sleep/session-rpc';
import type { ServiceTokenSigner } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { z } from 'zod';

// What crosses from another service is parsed once here (compiled: a night's arrays are the
// hottest check); caches and handlers then trust it.
const SleepDataParser = z.compile(SleepDataSchema);
const SessionListParser = z.compile(ListSessionsResultSchema);

/** Calls batched into one HTTP request at most. */
export const MAX_CALLS_PER_REQUEST = 10;

const codeOf = (error: unknown): string | undefined =>
  error instanceof TRPCClientError
    ? (error.data as { code?: string } | undefined)?.code
    : undefined;

/** What session-service's errors mean to a frontend; its own texts stay internal. */
const MEANINGS: Partial<Record<SessionRpcErrorCode, string>> = {
  BAD_REQUEST: 'The session store refused the request',
  PRECONDITION_FAILED: "Asleep refused the tenant's API key",
  TOO_MANY_REQUESTS: "Asleep's rate limit for this tenant was reached",
  BAD_GATEWAY: 'Asleep answered in an unexpected shape',
};

function storeError(error: unknown) {
  const code = sessionRpcErrorCode(codeOf(error));
  const meaning = code && MEANINGS[code];
  // The cause goes to the logs (why the store could not answer), never to the client.
  if (code && meaning)
    return gatewayError(code, meaning, {
      cause: error,
      ...(code === 'TOO_MANY_REQUESTS' && { retryAfterMs: 2_000 }),
    });
  return gatewayError('SERVICE_UNAVAILABLE', 'Sessions are unavailable; try again later', {
    retryAfterMs: 2_000,
    cause: error,
  });
}

/** Stored sessions over session-service's internal tRPC (batched HTTP, keep-alive). */
export class SessionRpcStore implements SessionStore {
  private readonly client;

  constructor(baseUrl: string, tokens: ServiceTokenSigner, timeoutMs = 5_000) {
    this.client = createTRPCClient<SessionRouter>({
      links: [
        httpBatchLink({
          url: `${baseUrl.replace(/\/+$/, '')}${SESSION_RPC_PREFIX}`,
          headers: () => tokens.headers('session-service'),
          // One request answers when its last call does, and the timeout covers all of them: a
          // burst of readers in one unbounded batch times out together (and all go to Asleep).
          maxItems: MAX_CALLS_PER_REQUEST,
          maxURLLength: 6_000,
          fetch: (url, init) =>
            fetch(url, {
              ...init,
              signal: anySignal(init?.signal ?? undefined, AbortSignal.timeout(timeoutMs)),
            } as RequestInit),
        }),
      ],
    });
  }

  async get(ref: SessionRef & { timezone: string }): Promise<SleepData | null> {
    try {
      const session = await this.client.getSession.query({
        tenantId: ref.tenantId,
        asleepUserId: ref.asleepUserId,
        sessionId: ref.sessionId,
        timezone: ref.timezone,
      });
      return SleepDataParser.parse(session);
    } catch (error) {
      if (codeOf(error) === 'NOT_FOUND') return null;
      throw storeError(error);
    }
  }

  async list(query: SessionListQuery): Promise<SessionPage> {
    try {
      const page = SessionListParser.parse(
        await this.client.listSessions.query({
          tenantId: query.tenantId,
          asleepUserId: query.asleepUserId,
          timezone: query.timezone,
          date_gte: query.dateGte,
          date_lte: query.dateLte,
          order_by: query.orderBy,
          offset: query.offset,
          limit: query.limit,
        }),
      );
      return toSessionPage(page, query);
    } catch (error) {
      throw storeError(error);
    }
  }

  async user(ref: Omit<SessionRef, 'sessionId'>): Promise<SessionUser | null> {
    try {
      return await this.client.getUser.query({
        tenantId: ref.tenantId,
        asleepUserId: ref.asleepUserId,
        timezone: 'UTC',
      });
    } catch (error) {
      if (codeOf(error) === 'NOT_FOUND') return null;
      throw storeError(error);
    }
  }

  async delete(ref: SessionRef): Promise<{ deleted: boolean }> {
    try {
      const result = await this.client.deleteSession.mutate({
        tenantId: ref.tenantId,
        asleepUserId: ref.asleepUserId,
        sessionId: ref.sessionId,
      });
      // Not stored yet but deleted upstream is still a deletion.
      return { deleted: result.deleted || !result.upstreamAlreadyDeleted };
    } catch (error) {
      if (codeOf(error) === 'NOT_FOUND') return { deleted: false };
      throw storeError(error);
    }
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal !== undefined));
}
