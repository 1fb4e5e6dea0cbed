import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { KEY_VAULT } from '../gateway.tokens';
import { TenantAnnouncer } from './tenant-announcer';
import type { TenantKeyVault } from './tenant-key-sealing';
import { TenantRepository } from './tenant.repository';

/** Often enough that a lost announcement heals quickly, rarely enough to be free. */
const REANNOUNCE_EVERY_MS = 10 * 60_000;

/**
 * At boot: re-seals keys still sealed under a previous KEK (one replica at a time), then
 * announces every tenant, so a topic that lost or never got a state converges.
 */
@Injectable()
export class TenantMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: TenantRepository,
    private readonly announcer: TenantAnnouncer,
    @Inject(KEY_VAULT) private readonly vault: TenantKeyVault,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly audit: AuditLogRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const resealed = await this.database.withLock('gateway:reseal-tenant-keys', () =>
      this.resealStale(),
    );
    if (resealed > 0) this.logger.info({ resealed }, 'tenant keys re-sealed under the current KEK');
    await this.announceAll();
    this.timer = setInterval(() => void this.announceAll(), REANNOUNCE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async resealStale(): Promise<number> {
    let count = 0;
    for (const row of await this.repository.list()) {
      if (!this.vault.isStale(row.apiKeySealed)) continue;
      try {
        const resealed = this.vault.seal(row.id, this.vault.open(row.id, row.apiKeySealed));
        if (await this.repository.reseal(row.id, row.revision, resealed)) {
          count++;
          await this.recordReseal(row.id, 'success', {
            kid: resealed.kid,
            previousKid: row.apiKeySealed.kid,
          });
        }
      } catch (error) {
        await this.recordReseal(row.id, 'failure', { previousKid: row.apiKeySealed.kid });
        // Only this tenant is affected: its key was sealed under a KEK no longer configured.
        this.logger.error(
          { err: error, tenantId: row.id, kid: row.apiKeySealed.kid },
          'tenant key cannot be opened',
        );
      }
    }
    return count;
  }

  /** KEK rotation, per tenant: the KEKs' ids only (the first digits of their digests). */
  private async recordReseal(
    tenantId: string,
    outcome: 'success' | 'failure',
    details: Record<string, string>,
  ): Promise<void> {
    try {
      await this.audit.record({
        tenantId,
        actor: { kind: 'service', id: 'gateway' },
        action: 'platform.kek.rotate',
        target: { kind: 'tenant', id: tenantId },
        outcome,
        details,
      });
    } catch (error) {
      this.logger.error({ err: error, tenantId }, 'audit entry not written');
    }
  }

  private async announceAll(): Promise<void> {
    try {
      await this.announcer.announce(await this.repository.list());
    } catch (error) {
      this.logger.warn({ err: error }, 'tenant states not announced; retrying later');
    }
  }
}
