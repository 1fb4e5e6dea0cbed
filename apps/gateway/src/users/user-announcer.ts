import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { isAsleepError } from '@sleep/asleep-client';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { TenantDirectoryService } from '../tenants/tenant-directory.service';
import { AppUserRepository } from './app-user.repository';
import { UserEventsPublisher } from './user-events.publisher';

const EVERY_MS = 15_000;
/** Younger users may still be announced by the call that created them. */
const SETTLE_MS = 10_000;

/**
 * Announces users whose creation event did not get through (Kafka was down at the time), with
 * the metadata Asleep holds, so no service misses a user: an outbox without a second table.
 */
@Injectable()
export class UserAnnouncer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly users: AppUserRepository,
    private readonly events: UserEventsPublisher,
    private readonly tenants: TenantDirectoryService,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.announcePending(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async announcePending(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let announced = 0;
    try {
      for (const user of await this.users.unannounced(new Date(Date.now() - SETTLE_MS))) {
        const asleep = await this.tenants.asleep(user.tenantId);
        const upstream = await asleep.getUser(user.asleepUserId).catch((error: unknown) => {
          if (isAsleepError(error) && error.kind === 'not_found') return null;
          throw error;
        });
        // Gone upstream meanwhile: its deletion is what the other services should hear.
        if (upstream) await this.events.upserted(user, upstream.metadata);
        else await this.users.markAnnounced(user.tenantId, user.appUserId);
        announced++;
      }
    } catch (error) {
      this.logger.warn(
        { err: error, announced },
        'pending user announcements stopped; retrying later',
      );
    } finally {
      this.running = false;
    }
    return announced;
  }
}
