import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import { checkKafka } from './kafka-ping';
import { KAFKA_HEALTH_ADMIN } from './messaging.tokens';

/** Readiness: the broker answers metadata now. Not for liveness: a Kafka outage is not ours to restart. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(KAFKA_HEALTH_ADMIN) private readonly admin: Admin,
  ) {}

  async isHealthy(key = 'kafka', timeoutMs = 1_500) {
    const indicator = this.health.check(key);
    return (await checkKafka(this.admin, timeoutMs))
      ? indicator.up()
      : indicator.down({ message: `no metadata from Kafka within ${timeoutMs} ms` });
  }
}
