import { Inject, Injectable } from '@nestjs/common';
import { type AnyDatabaseHandle, DATABASE } from '@sleep/persistence';
import { METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import {
  COMPLETENESS_OUTCOMES,
  type CompletenessWindow,
  completenessWindowOf,
} from './completeness-window';
import { nightsDueInWindow } from './completeness.queries';

/** Scrapes closer together than this share one read of the database. */
const REUSE_MS = 15_000;

/**
 * The completeness SLO as Prometheus sees it: platform-wide counts and how many tenants are under
 * the target, never a tenant id (docs/security.md: no metric carries one); per tenant it is in
 * `org.stats`. Read from the database at scrape time.
 */
@Injectable()
export class CompletenessMetrics {
  private last?: { at: number; window: Promise<CompletenessWindow> };

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    @Inject(ANALYTICS_SETTINGS) private readonly settings: AnalyticsSettings,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    const window = () => this.window();
    new Gauge({
      name: 'analytics_completeness_nights',
      help: 'Nights whose completeness due time fell in the last 7 days, by outcome (on_time, late: completed after it, missing)',
      labelNames: ['outcome'],
      registers: [registry],
      async collect() {
        const figures = await window();
        if (figures)
          for (const outcome of COMPLETENESS_OUTCOMES)
            this.set({ outcome }, figures.nights[outcome]);
      },
    });
    new Gauge({
      name: 'analytics_completeness_tenants_below_target',
      help: 'Tenants (with 20 or more nights due in the last 7 days) whose on-time share is under COMPLETENESS_TARGET_PERCENT',
      registers: [registry],
      async collect() {
        const figures = await window();
        if (figures) this.set(figures.tenantsBelowTarget);
      },
    });
  }

  /** The window's figures; undefined (the gauges keep their last values) when the database fails. */
  private async window(): Promise<CompletenessWindow | undefined> {
    const now = Date.now();
    if (!this.last || now - this.last.at >= REUSE_MS) {
      const target = this.settings.completenessTargetPercent / 100;
      this.last = {
        at: now,
        window: nightsDueInWindow(this.database).then((rows) => completenessWindowOf(rows, target)),
      };
    }
    try {
      return await this.last.window;
    } catch (error) {
      this.last = undefined;
      this.logger.warn({ err: error }, 'completeness metrics not read');
      return undefined;
    }
  }
}
