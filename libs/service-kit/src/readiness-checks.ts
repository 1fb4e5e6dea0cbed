import { Injectable } from '@nestjs/common';

/** What a check may answer besides a plain boolean: the verdict and details for the probe's body. */
export interface ReadinessStatus {
  ok: boolean;
  details?: Record<string, unknown>;
}

export type ReadinessCheck = () => Promise<boolean | ReadinessStatus>;

/**
 * The dependencies without which a service must not receive work. Modules add
 * their own (Kafka, database, an upstream breaker); `/health/ready` runs them all.
 * Adding a check under an existing name replaces it.
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
