import { Inject, Injectable } from '@nestjs/common';
import { isAsleepError } from '@sleep/asleep-client';
import type { ListSessionsResult, SleepData } from '@sleep/contracts';
import type { DatabaseHandle } from '@sleep/persistence';
import {
  type DeleteSessionInput,
  type DeleteSessionResult,
  type GetSessionInput,
  type GetUserInput,
  type ListSessionsInput,
  SessionRpcError,
  type SessionRpcService,
  type SessionUser,
  type CompletedPage,
  type StreamCompletedInput,
} from '@sleep/session-rpc';
import { AsleepClients, MissingTenantKeyError } from '../asleep/tenant-asleep-clients';
import { renderListItem, renderSleepData } from '../domain/render-session';
import { startDateRange } from '../domain/zoned-day';
import { SessionDeleter } from '../store/session-deleter';
import { READ_DATABASE } from './read-database';
import { SessionQueries } from './session.queries';

// Asleep's own 404 texts (Asleep contract 4.2).
const noUser = () => new SessionRpcError('NOT_FOUND', 'user does not exist');
const noSession = () => new SessionRpcError('NOT_FOUND', 'session does not exist');

/** The RPC over the store, with Asleep's semantics; another tenant's data reads as not found. */
@Injectable()
export class SessionRpcHandler implements SessionRpcService {
  private readonly queries: SessionQueries;

  constructor(
    @Inject(READ_DATABASE) reads: DatabaseHandle,
    private readonly clients: AsleepClients,
    private readonly deleter: SessionDeleter,
  ) {
    this.queries = new SessionQueries(reads);
  }

  async getSession({
    tenantId,
    asleepUserId: userId,
    sessionId,
    timezone,
  }: GetSessionInput): Promise<SleepData> {
    const night = await this.queries.night(userId, sessionId);
    if (!night || night.tenantId !== tenantId)
      throw (await this.ownUser(tenantId, userId)) ? noSession() : noUser();
    return renderSleepData(night, timezone);
  }

  async listSessions(input: ListSessionsInput): Promise<ListSessionsResult> {
    const { tenantId, asleepUserId: userId, timezone } = input;
    if (!(await this.ownUser(tenantId, userId))) throw noUser();
    const { fromMs, untilMs } = startDateRange(timezone, input.date_gte, input.date_lte);
    const nights = await this.queries.list(userId, {
      fromMs,
      untilMs,
      order: input.order_by,
      offset: input.offset,
      limit: input.limit,
    });
    return { timezone, sleep_session_list: nights.map((night) => renderListItem(night, timezone)) };
  }

  async deleteSession({
    tenantId,
    asleepUserId: userId,
    sessionId,
  }: DeleteSessionInput): Promise<DeleteSessionResult> {
    const night = await this.queries.night(userId, sessionId);
    const user = await this.queries.user(userId);
    if ((night && night.tenantId !== tenantId) || (user && user.tenantId !== tenantId))
      throw noSession();
    let upstreamAlreadyDeleted: boolean;
    try {
      ({ alreadyDeleted: upstreamAlreadyDeleted } = await this.clients
        .for(tenantId)
        .deleteSession(userId, sessionId));
    } catch (error) {
      throw upstreamError(error);
    }
    const result = await this.deleter.deleteSession(tenantId, userId, sessionId, 'session-deleted');
    if (result.outcome === 'tenant-mismatch') throw noSession();
    return { deleted: result.outcome === 'deleted', upstreamAlreadyDeleted };
  }

  async getUser({ tenantId, asleepUserId: userId, timezone }: GetUserInput): Promise<SessionUser> {
    const user = await this.queries.user(userId);
    if (!user || user.tenantId !== tenantId) throw noUser();
    const { count, latest } = await this.queries.countAndLatest(userId);
    return {
      user_id: user.userId,
      tenant_id: user.tenantId,
      metadata: user.metadata,
      first_seen_at: user.firstSeenAt.toISOString(),
      last_seen_at: user.lastSeenAt.toISOString(),
      session_count: count,
      last_session: latest && renderListItem(latest, timezone),
    };
  }

  async streamCompleted({ after, limit }: StreamCompletedInput): Promise<CompletedPage> {
    const nights = await this.queries.completedAfter(
      after && { userId: after.asleepUserId, sessionId: after.sessionId },
      limit,
    );
    const last = nights.at(-1);
    return {
      nights: nights.map((night) => ({
        tenantId: night.tenantId,
        asleepUserId: night.userId,
        sessionId: night.sessionId,
        version: night.version,
        sleepData: renderSleepData(night, 'UTC'),
      })),
      next:
        last && nights.length === limit
          ? { asleepUserId: last.userId, sessionId: last.sessionId }
          : null,
    };
  }

  private async ownUser(tenantId: string, userId: string): Promise<boolean> {
    return (await this.queries.user(userId))?.tenantId === tenantId;
  }
}

function upstreamError(error: unknown): Error {
  if (error instanceof MissingTenantKeyError)
    return new SessionRpcError('PRECONDITION_FAILED', error.message);
  if (!isAsleepError(error)) return error as Error;
  switch (error.kind) {
    case 'rate_limited':
      return new SessionRpcError('TOO_MANY_REQUESTS', error.message);
    case 'unavailable':
      return new SessionRpcError('SERVICE_UNAVAILABLE', error.message);
    case 'not_found':
      return new SessionRpcError('NOT_FOUND', error.message);
    default:
      return new SessionRpcError('BAD_GATEWAY', error.message);
  }
}
