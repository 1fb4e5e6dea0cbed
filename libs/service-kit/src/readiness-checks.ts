import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<boolean>;

/**
 * The dependencies without which a service must not receive work. Modules add
 * their own (Kafka, database, an upstream breaker); `/health/ready` runs them all.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  list(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
