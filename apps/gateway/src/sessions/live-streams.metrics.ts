import type { GatewayDeps } from '@sleep/gateway-api';
import { Gauge, type Registry } from 'prom-client';

/** Open live streams per kind, read from the open streams at scrape time. */
export function registerLiveStreamMetrics(registry: Registry, deps: GatewayDeps): void {
  new Gauge({
    name: 'gateway_live_streams',
    help: 'Open live (SSE) subscriptions, by stream: sessions, reports, insights, changes.',
    labelNames: ['stream'],
    registers: [registry],
    collect() {
      for (const [stream, open] of Object.entries(deps.streams.countByKind()))
        this.set({ stream }, open);
    },
  });
}
