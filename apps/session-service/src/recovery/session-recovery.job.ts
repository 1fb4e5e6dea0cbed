import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { isAsleepError } from '@sleep/asleep-client';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { AsleepClients, MissingTenantKeyError } from '../asleep/tenant-asleep-clients';
import { SessionMetrics } from '../observability/session.metrics';
import { reportStatMismatches } from '../observability/stat-mismatches';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { SessionDeleter } from '../store/session-deleter';
import { SessionWriter } from '../store/session-writer';
import { claimDueNights, type DueNight, rescheduleNight } from './recovery.repository';

const DAY_MS = 86_400_000;
const CONCURRENCY = 4;
const MISSING_AFTER_ATTEMPTS = 3;

/**
 * Webhooks can be lost (Asleep contract 5.1): a night left OPEN or CLOSED with no webhook for
 * SESSION_RECOVERY_AFTER_MS is fetched with Get Session and stored like the webhook would have
 * been. Still unfinished: tried again later, each time waiting twice as long.
 */
@Injectable()
export class SessionRecoveryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly clients: AsleepClients,
    private readonly writer: SessionWriter,
    private readonly deleter: SessionDeleter,
    private readonly metrics: SessionMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: every due night, a few at a time. Resolves with how many were tried. */
  async recoverDue(limit = 50): Promise<number> {
    const due = await claimDueNights(this.database, limit);
    const queue = [...due];
    const worker = async () => {
      for (let night = queue.shift(); night && !this.stopped; night = queue.shift())
        await this.recover(night);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return due.length;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.recoverDue()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'session recovery round failed'),
        )
        .finally(() => this.schedule());
    }, this.settings.recoveryIntervalMs);
  }

  private nextTry(attempts: number): Date {
    return new Date(
      Date.now() + Math.min(DAY_MS, this.settings.recoveryAfterMs * 2 ** Math.max(0, attempts - 1)),
    );
  }

  private async recover(night: DueNight): Promise<void> {
    const attempts = night.attempts + 1;
    try {
      const data = await this.clients
        .for(night.tenantId)
        .getSession(night.userId, night.sessionId, { timezone: 'UTC' });
      const kind = data.session.state === 'COMPLETE' ? 'final' : 'snapshot';
      const dueAt = this.nextTry(attempts);
      const [result] = await this.writer.apply(
        [
          {
            kind,
            tenantId: night.tenantId,
            userId: night.userId,
            sessionId: night.sessionId,
            receivedAtMs: Date.now(),
            data,
          },
        ],
        { recovery: () => ({ dueAt, attempts }) },
      );
      if (kind === 'snapshot' && result.outcome !== 'changed')
        await rescheduleNight(this.database, night, dueAt, attempts);
      this.metrics.recoveries.inc({ outcome: kind === 'final' ? 'completed' : 'unfinished' });
      reportStatMismatches(this.metrics, this.logger, night.sessionId, result.statMismatches);
    } catch (error) {
      // A wrong key also reads as 404, so only a repeated answer removes the night.
      if (
        isAsleepError(error) &&
        error.kind === 'not_found' &&
        attempts >= MISSING_AFTER_ATTEMPTS
      ) {
        await this.deleter.deleteSession(
          night.tenantId,
          night.userId,
          night.sessionId,
          'missing-upstream',
        );
        this.metrics.recoveries.inc({ outcome: 'missing-upstream' });
        return;
      }
      const outcome =
        error instanceof MissingTenantKeyError
          ? 'no-key'
          : isAsleepError(error)
            ? error.kind
            : 'error';
      this.metrics.recoveries.inc({ outcome });
      this.logger.warn(
        { err: error, sessionId: night.sessionId, attempts },
        'session recovery failed; will retry',
      );
      await rescheduleNight(this.database, night, this.nextTry(attempts), attempts).catch(
        () => undefined,
      );
    }
  }
}
