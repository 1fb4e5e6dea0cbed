import { Inject, Injectable } from '@nestjs/common';
import type { LimitEvents, RefusalReason, StreamCloseReason } from '@sleep/gateway-api';
import { METRICS_REGISTRY } from '@sleep/service-kit';
import { Counter, Gauge, type Registry } from 'prom-client';

/** Refusals and stream ends by reason (a bounded label, never the tenant), open streams, Redis. */
@Injectable()
export class LimitMetrics implements LimitEvents {
  private readonly refusals: Counter<'reason'>;
  private readonly closed: Counter<'reason'>;
  private readonly sharedGauge: Gauge;
  private openStreams: () => number = () => 0;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.refusals = new Counter({
      name: 'gateway_refusals_total',
      help: 'Calls and streams the gateway refused, by reason (user_rate, tenant_rate, user_streams, tenant_streams, batch_size, asleep_budget, token_superseded).',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.closed = new Counter({
      name: 'gateway_streams_closed_total',
      help: 'Open streams the gateway ended itself, by reason (token_expired, role_changed, user_deleted).',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.sharedGauge = new Gauge({
      name: 'gateway_rate_limits_shared',
      help: '1 while rate limits are counted in Redis for every replica, 0 while this replica counts alone.',
      registers: [registry],
    });
    const openStreams: Gauge = new Gauge({
      name: 'gateway_open_streams',
      help: 'Server-sent-event streams open on this replica.',
      registers: [registry],
      collect: () => openStreams.set(this.openStreams()),
    });
  }

  refused(reason: RefusalReason): void {
    this.refusals.inc({ reason });
  }

  streamClosed(reason: StreamCloseReason): void {
    this.closed.inc({ reason });
  }

  shared(isShared: boolean): void {
    this.sharedGauge.set(isShared ? 1 : 0);
  }

  countOpenStreams(count: () => number): void {
    this.openStreams = count;
  }
}
