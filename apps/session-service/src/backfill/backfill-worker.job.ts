import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type AsleepClient, isAsleepError } from '@sleep/asleep-client';
import { MAX_LIST_SESSIONS_LIMIT } from '@sleep/contracts';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { AsleepClients, isPassingFailure } from '../asleep/tenant-asleep-clients';
import { SessionMetrics } from '../observability/session.metrics';
import { reportStatMismatches } from '../observability/stat-mismatches';
import { WakeSignal } from '../common/wake-signal';
import { SessionWriter } from '../store/session-writer';
import {
  type BackfillJob,
  claimJob,
  failJob,
  isStoredComplete,
  releaseJob,
  saveProgress,
} from './backfill.repository';
import { PoliteCaller } from './polite-caller';

const IDLE_POLL_MS = 5_000;
const RETRY_AFTER_OUTAGE_MS = 30_000;

/**
 * Runs backfill jobs: S2 pages in ascending start order (new nights land after the cursor), S1 for
 * every night not stored COMPLETE yet. Progress is saved after each page, so a crash repeats at
 * most one page, and a repeated night changes nothing.
 */
@Injectable()
export class BackfillWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly wakeUp = new WakeSignal();
  private readonly caller = new PoliteCaller(30_000, () => this.stopped);
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly clients: AsleepClients,
    private readonly writer: SessionWriter,
    private readonly metrics: SessionMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wakeUp.wake();
    await this.loop;
  }

  /** A command was recorded: look for work now rather than at the next poll. */
  wake(): void {
    this.wakeUp.wake();
  }

  /** Claims and runs one job; false when there was none to take. */
  async runOnce(): Promise<boolean> {
    const job = await claimJob(this.database).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'backfill: could not claim a job');
      return undefined;
    });
    if (job) await this.runJob(job);
    return job !== undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopped) if (!(await this.runOnce())) await this.wakeUp.wait(IDLE_POLL_MS);
  }

  private async runJob(job: BackfillJob): Promise<void> {
    const log = this.logger.child({ commandId: job.commandId, tenantId: job.tenantId });
    try {
      const client = this.clients.for(job.tenantId);
      let offset = job.nextOffset;
      while (!this.stopped) {
        const page = await this.caller.call(() =>
          client.listSessions(job.userId, {
            dateGte: job.dateFrom,
            dateLte: job.dateTo,
            timezone: job.timezone,
            orderBy: 'ASC',
            offset,
            limit: MAX_LIST_SESSIONS_LIMIT,
          }),
        );
        const sessions = page.sleep_session_list;
        let imported = 0;
        for (const { session_id: sessionId } of sessions) {
          if (this.stopped) return;
          if (await this.importSession(client, job, sessionId)) imported += 1;
        }
        offset += sessions.length;
        const done = sessions.length < MAX_LIST_SESSIONS_LIMIT;
        await saveProgress(this.database, job, {
          nextOffset: offset,
          imported,
          skipped: sessions.length - imported,
          done,
        });
        if (done) return log.info({ nextOffset: offset }, 'backfill finished');
      }
    } catch (error) {
      const message = (error as Error).message;
      if (isPassingFailure(error)) {
        log.warn({ err: error }, 'backfill paused: Asleep unavailable');
        await releaseJob(this.database, job, RETRY_AFTER_OUTAGE_MS, message).catch(() => undefined);
      } else if (isAsleepError(error) || (error as Error).name === 'MissingTenantKeyError') {
        log.error({ err: error }, 'backfill failed');
        await failJob(this.database, job, message).catch(() => undefined);
      } else {
        log.warn({ err: error }, 'backfill interrupted; will resume');
        await releaseJob(this.database, job, RETRY_AFTER_OUTAGE_MS, message).catch(() => undefined);
      }
    }
  }

  /** True when the night was stored or moved on; false when it was already complete or is gone. */
  private async importSession(
    client: AsleepClient,
    job: BackfillJob,
    sessionId: string,
  ): Promise<boolean> {
    if (await isStoredComplete(this.database, job.userId, sessionId)) {
      this.metrics.backfill.inc({ outcome: 'already-complete' });
      return false;
    }
    let data;
    try {
      data = await this.caller.call(() =>
        client.getSession(job.userId, sessionId, { timezone: 'UTC' }),
      );
    } catch (error) {
      if (!isAsleepError(error) || error.kind !== 'not_found') throw error;
      this.metrics.backfill.inc({ outcome: 'gone' });
      return false;
    }
    const kind = data.session.state === 'COMPLETE' ? 'final' : 'snapshot';
    const { tenantId, userId } = job;
    const [result] = await this.writer.apply([
      { kind, tenantId, userId, sessionId, receivedAtMs: Date.now(), data },
    ]);
    this.metrics.backfill.inc({ outcome: result.outcome });
    reportStatMismatches(this.metrics, this.logger, sessionId, result.statMismatches);
    return result.outcome === 'changed';
  }
}
