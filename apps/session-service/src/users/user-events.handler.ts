import { Inject, Injectable } from '@nestjs/common';
import type { UserEvent, UserTopicMessage } from '@sleep/contracts';
import {
  BatchingProducer,
  type ConsumedMessage,
  type OutgoingMessage,
  deadLetterFor,
} from '@sleep/messaging';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { deletedUsers, users } from '../db/schema';
import { dlqOf } from '../kafka/consumer-config';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { SessionDeleter } from '../store/session-deleter';
import { lockUsers } from '../store/session.repository';

type Message = ConsumedMessage<UserTopicMessage>;

/** `sleep.users.v1`: metadata when a user is created or changed; deletion of everything they own. */
@Injectable()
export class UserEventsHandler {
  constructor(
    private readonly deleter: SessionDeleter,
    private readonly producer: BatchingProducer,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** In order, one transaction each: deletions are rare and each must stand on its own. */
  async handle(messages: Message[]): Promise<void> {
    const dead: OutgoingMessage[] = [];
    for (const message of messages) {
      if (message.value.kind !== 'event') continue;
      const event = message.value.event;
      const outcome =
        event.type === 'sleep.user.deleted'
          ? await this.deleteUser(event)
          : await this.upsertUser(event);
      if (outcome === 'tenant-mismatch') {
        dead.push(
          deadLetterFor(
            message,
            'tenant-mismatch',
            'the user belongs to another tenant',
            event.tenantId,
          ),
        );
      }
    }
    if (dead.length > 0) await this.producer.publish(dlqOf(this.settings.topics.users), dead);
  }

  private async deleteUser(event: Extract<UserEvent, { type: 'sleep.user.deleted' }>) {
    const result = await this.deleter.deleteUser(event.tenantId, event.payload.userId);
    if (result.outcome === 'deleted') {
      this.logger.info({ sessions: result.sessions }, 'user deleted with every session');
    }
    return result.outcome;
  }

  private async upsertUser(event: Extract<UserEvent, { type: 'sleep.user.upserted' }>) {
    const { userId, metadata } = event.payload;
    const at = new Date(event.occurredAt);
    return this.database.transaction(async (tx) => {
      await lockUsers(tx, [userId]);
      const gone = await tx
        .select()
        .from(deletedUsers)
        .where(sql`${deletedUsers.userId} = ${userId}`);
      if (gone.length > 0) return 'deleted' as const;
      const [row] = await tx
        .insert(users)
        .values({ userId, tenantId: event.tenantId, metadata, firstSeenAt: at, lastSeenAt: at })
        .onConflictDoUpdate({
          target: users.userId,
          set: { metadata, updatedAt: new Date() },
          setWhere: sql`${users.tenantId} = ${event.tenantId}`,
        })
        .returning({ userId: users.userId });
      return row ? ('stored' as const) : ('tenant-mismatch' as const);
    });
  }
}
