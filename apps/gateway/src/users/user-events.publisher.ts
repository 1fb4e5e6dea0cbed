import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Topics,
  USER_DELETED,
  USER_UPSERTED,
  type UserDeleted,
  UserDeletedSchema,
  type UserMetadata,
  type UserUpserted,
  UserUpsertedSchema,
} from '@sleep/contracts';
import type { AppUser, Principal, UserEvents } from '@sleep/gateway-api';
import { BatchingProducer } from '@sleep/messaging';
import { AppUserRepository } from './app-user.repository';

/** `sleep.users.v1`, keyed by the Asleep user id so a user's events stay in order. */
@Injectable()
export class UserEventsPublisher implements UserEvents {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly users: AppUserRepository,
  ) {}

  async upserted(user: AppUser, metadata: UserMetadata | null): Promise<void> {
    const event: UserUpserted = {
      eventId: randomUUID(),
      type: USER_UPSERTED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: user.tenantId,
      key: user.asleepUserId,
      payload: { userId: user.asleepUserId, metadata },
    };
    await this.publish(user.asleepUserId, UserUpsertedSchema.parse(event));
    await this.users.markAnnounced(user.tenantId, user.appUserId);
  }

  async deleted(user: AppUser, _requestedBy: Principal): Promise<void> {
    const event: UserDeleted = {
      // One deletion per user: a retried call is the same event.
      eventId: `${user.asleepUserId}:deleted`,
      type: USER_DELETED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: user.tenantId,
      key: user.asleepUserId,
      payload: { userId: user.asleepUserId },
    };
    await this.publish(user.asleepUserId, UserDeletedSchema.parse(event));
  }

  private publish(key: string, event: UserUpserted | UserDeleted): Promise<void> {
    return this.producer.publish(Topics.sleepUsers.name, { key, value: JSON.stringify(event) });
  }
}
