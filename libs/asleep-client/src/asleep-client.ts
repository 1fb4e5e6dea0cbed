import type {
  AsleepSessionListItem,
  AsleepUser,
  AverageStatsResult,
  CreateUserResult,
  ListSessionsResult,
  SleepData,
  UpdateUserResult,
} from '@sleep/contracts';
import { Registry } from 'prom-client';
import { AsleepBreaker } from './breaker';
import { attemptVia, Caller } from './caller';
import { AsleepClientMetrics, type BreakerState } from './metrics';
import { type AsleepClientOptions, resolveConfig, silentLogger } from './options';
import { type AverageStatsOptions, getAverageStats } from './operations/average-stats';
import { type IterateSessionsOptions, iterateSessions } from './operations/iterate-sessions';
import {
  deleteSession,
  getSession,
  listSessions,
  type ListSessionsOptions,
  type TimezoneOption,
} from './operations/sessions';
import {
  createUser,
  type CreateUserInput,
  deleteUser,
  type DeleteResult,
  getUser,
  updateUser,
  type UpdateUserInput,
} from './operations/users';
import { Transport } from './transport';

/**
 * The Asleep REST API (Asleep contract 2), typed and guarded: inputs are validated before
 * anything is sent, answers are parsed with the contract schemas, failures are AsleepError
 * subclasses. Works without Nest; `close()` releases the connection pool.
 */
export class AsleepClient {
  /** Where this client's metrics live (the one passed in, or its own). */
  readonly registry: Registry;
  private readonly transport: Transport;
  private readonly breaker: AsleepBreaker;
  private readonly caller: Caller;

  constructor(options: AsleepClientOptions) {
    const { apiKey, ...config } = resolveConfig(options);
    const logger = options.logger ?? silentLogger;
    this.registry = options.registry ?? new Registry();
    const metrics = new AsleepClientMetrics(this.registry);
    this.transport = new Transport(config, apiKey);
    this.breaker = new AsleepBreaker(attemptVia(this.transport), config.breaker, metrics, logger);
    this.caller = new Caller(
      { timeouts: config.timeouts, retry: config.retry },
      this.breaker,
      metrics,
      logger,
      options.random ?? Math.random,
    );
  }

  /** U1. Never retried: each POST mints a new user. */
  createUser(input?: CreateUserInput): Promise<CreateUserResult> {
    return createUser(this.caller, input);
  }

  /** U2. */
  getUser(userId: string): Promise<AsleepUser> {
    return getUser(this.caller, userId);
  }

  /** U3. Sends the whole metadata: Asleep replaces it. */
  updateUser(userId: string, input: UpdateUserInput): Promise<UpdateUserResult> {
    return updateUser(this.caller, userId, input);
  }

  /** U4. A user already gone resolves with `alreadyDeleted: true`. */
  deleteUser(userId: string): Promise<DeleteResult> {
    return deleteUser(this.caller, userId);
  }

  /** S1 (v3). */
  getSession(userId: string, sessionId: string, options?: TimezoneOption): Promise<SleepData> {
    return getSession(this.caller, userId, sessionId, options);
  }

  /** S2, one page. */
  listSessions(userId: string, options?: ListSessionsOptions): Promise<ListSessionsResult> {
    return listSessions(this.caller, userId, options);
  }

  /** Every session of a user over S2 pages; stops on a short page. */
  iterateSessions(
    userId: string,
    options?: IterateSessionsOptions,
  ): AsyncGenerator<AsleepSessionListItem, void> {
    return iterateSessions(this.caller, userId, options);
  }

  /** S3. A session already gone resolves with `alreadyDeleted: true`. */
  deleteSession(userId: string, sessionId: string): Promise<DeleteResult> {
    return deleteSession(this.caller, userId, sessionId);
  }

  /** A1. */
  getAverageStats(userId: string, options: AverageStatsOptions): Promise<AverageStatsResult> {
    return getAverageStats(this.caller, userId, options);
  }

  /** For readiness: false only while the breaker is open (half-open lets a probe through). */
  isAvailable(): boolean {
    return this.breaker.state !== 'open';
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** What a logger serialising the client gets: state, never configuration. */
  toJSON() {
    return { client: 'AsleepClient', breakerState: this.breakerState };
  }

  async close(): Promise<void> {
    this.breaker.shutdown();
    await this.transport.close();
  }
}
