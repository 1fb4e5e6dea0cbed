import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness-checks';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** Answers whenever the process can serve HTTP; dependencies are not its concern. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.readiness.list().map(([name, check]) => async () => {
        const indicator = this.indicators.check(name);
        const result = await check().catch(() => false);
        const { ok, details } =
          typeof result === 'boolean' ? { ok: result, details: undefined } : result;
        return ok ? indicator.up(details) : indicator.down(details);
      }),
    );
  }
}
