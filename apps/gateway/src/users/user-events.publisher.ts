import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Topics,
  USER_DELETED,
  USER_UPSERTED,
  type UserDeleted,
  UserDeletedSchema,
  type UserMetadata,
  USER_PROFILE_UPDATED,
  type UserProfileUpdated,
  UserProfileUpdatedSchema,
  type UserUpserted,
  UserUpsertedSchema,
} from '@sleep/contracts';
import type { AppUser, Principal, UserEvents } from '@sleep/gateway-api';
import { BatchingProducer, type MessageSigner } from '@sleep/messaging';
import { EVENT_SIGNER } from '../gateway.tokens';
import { AppUserRepository } from './app-user.repository';

/**
 * `sleep.users.v1`, keyed by the Asleep user id so a user's events stay in order, and the latest
 * profile on the compacted `sleep.user-profiles.v1` (a tombstone once the user is deleted).
 */
@Injectable()
export class UserEventsPublisher implements UserEvents {
  constructor(
    private readonly producer: BatchingProducer,
    private readonly users: AppUserRepository,
    @Inject(EVENT_SIGNER) private readonly signer: MessageSigner,
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
    await this.publishProfile(user, metadata);
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
    await this.producer.publish(Topics.userProfiles.name, { key: user.asleepUserId, value: null });
  }

  private async publishProfile(user: AppUser, metadata: UserMetadata | null): Promise<void> {
    const profile: UserProfileUpdated = {
      eventId: randomUUID(),
      type: USER_PROFILE_UPDATED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: user.tenantId,
      key: user.asleepUserId,
      payload: {
        userId: user.asleepUserId,
        birthYear: metadata?.birth_year ?? null,
        gender: metadata?.gender ?? null,
        tags: user.tags ?? [],
      },
    };
    await this.producer.publish(Topics.userProfiles.name, {
      key: user.asleepUserId,
      value: JSON.stringify(UserProfileUpdatedSchema.parse(profile)),
    });
  }

  /** Signed: consumers apply (and delete) only what the gateway announced. */
  private publish(key: string, event: UserUpserted | UserDeleted): Promise<void> {
    const topic = Topics.sleepUsers.name;
    const value = JSON.stringify(event);
    return this.producer.publish(topic, {
      key,
      value,
      headers: this.signer.headers(topic, key, value),
    });
  }
}
