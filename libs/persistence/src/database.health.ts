import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { checkDatabase } from './check-database';
import type { AnyDatabaseHandle } from './database';
import { DATABASE } from './persistence.tokens';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy<const Key extends string = 'database'>(
    key = 'database' as Key,
    timeoutMs = 1500,
  ) {
    const indicator = this.health.check(key);
    const { kind, schema } = this.database;
    return (await checkDatabase(this.database, timeoutMs))
      ? indicator.up({ kind, schema })
      : indicator.down({ kind, schema, message: `no answer within ${timeoutMs} ms` });
  }
}
