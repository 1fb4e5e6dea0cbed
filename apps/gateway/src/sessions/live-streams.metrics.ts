import type { GatewayDeps } from '@sleep/gateway-api';
import { Gauge, type Registry } from 'prom-client';

/** The live (SSE) streams the gateway serves, as the `stream` label names them. */
export type LiveStream = 'sessions' | 'reports' | 'insights';

/** Open live streams per kind, read from the hubs at scrape time. */
export function registerLiveStreamMetrics(registry: Registry, deps: GatewayDeps): void {
  const hubs: Record<LiveStream, { subscriberCount(): number }> = {
    sessions: deps.live,
    reports: deps.analyticsLive.reports,
    insights: deps.analyticsLive.insights,
  };
  new Gauge({
    name: 'gateway_live_streams',
    help: 'Open live (SSE) subscriptions, by stream: sessions, reports, insights.',
    labelNames: ['stream'],
    registers: [registry],
    collect() {
      for (const [stream, hub] of Object.entries(hubs)) this.set({ stream }, hub.subscriberCount());
    },
  });
}
