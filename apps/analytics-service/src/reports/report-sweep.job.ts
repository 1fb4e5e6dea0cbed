import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { FactChanges } from '../facts/fact-changes';
import { ReportBuilder } from './report-builder';

/** Reports at period close: on the first fact after the close, and by a periodic sweep. */
@Injectable()
export class ReportSweepJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reports: ReportBuilder,
    changes: FactChanges,
    @Inject(ANALYTICS_SETTINGS) private readonly settings: AnalyticsSettings,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    changes.subscribe((days) => this.reports.onFactsChanged(days));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), this.settings.reportSweepIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const produced = await this.reports.sweep();
      if (produced > 0) this.logger.info({ produced }, 'report sweep produced reports');
    } catch (error) {
      this.logger.warn({ err: error }, 'report sweep failed; next run retries');
    }
  }
}
