// The analytics RPC server of the benchmark in a process of its own, as deployed: the service's
// route, router and service over the benchmark's database, with the deployment's V8 flags (see
// rpc-server-process.ts). Tells its parent its URL, then answers CPU readings, GC pauses and the
// spans of its requests and queries until told to close.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import {
  ANALYTICS_RPC_PREFIX,
  createAnalyticsRouter,
  registerRpcRoute,
} from '@sleep/analytics-rpc';
import type { BatchingProducer } from '@sleep/messaging';
import { type AnyDatabaseHandle, openDatabase, type QueryOptions } from '@sleep/persistence';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { AnalyticsMetrics } from '../src/observability/analytics.metrics';
import { ReportBuilder } from '../src/reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../src/rpc/analytics-rpc.service';
import type { FromServer, GcPause, ServerSpan, ToServer } from './rpc-server-messages';

async function serve() {
  const url = process.env['BENCH_RPC_DATABASE_URL'];
  if (!url || !process.send) throw new Error('start this file with rpc-server-process.ts');
  const spans: ServerSpan[] = [];
  const database = timedQueries(
    await openDatabase({ url, schema: 'analytics', poolSize: 8 }),
    spans,
  );
  const reports = new ReportBuilder(
    database,
    {} as BatchingProducer,
    new AnalyticsMetrics(new Registry()),
  );
  reports.announce = false;
  const service = new AnalyticsRpcServiceImpl(database, reports, { completenessDeadlineHours: 18 });
  const app = Fastify();
  const arrivals = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => void arrivals.set(request, epochNow()));
  app.addHook('onResponse', async (request) => {
    const start = arrivals.get(request);
    if (start !== undefined) spans.push({ kind: 'request', start, end: epochNow() });
  });
  // The service's own route (as `AnalyticsRpcMount` registers it), without the token check.
  registerRpcRoute(app, {
    prefix: ANALYTICS_RPC_PREFIX,
    router: createAnalyticsRouter(service),
    createContext: () => ({}),
  });
  const listening = await app.listen({ port: 0, host: '127.0.0.1' });
  const send = (message: FromServer) => process.send?.(message);
  let pauses = recordGcPauses();
  process.on('message', (message: ToServer) => {
    if (message.kind === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ kind: 'cpu', ms: (user + system) / 1000 });
    } else if (message.kind === 'gc') {
      send({ kind: 'gc', pauses });
      pauses = recordGcPauses();
    } else if (message.kind === 'spans') {
      send({ kind: 'spans', spans: spans.splice(0) });
    } else {
      void app
        .close()
        .then(() => database.close())
        .then(() => process.exit(0));
    }
  });
  send({ kind: 'listening', url: listening, flags: process.execArgv.join(' ') });
}

const epochNow = () => performance.timeOrigin + performance.now();

/** The handle, its queries' spans (sent to reading the rows, parsed) recorded in `spans`. */
function timedQueries(database: AnyDatabaseHandle, spans: ServerSpan[]): AnyDatabaseHandle {
  return {
    ...database,
    async query<TRow>(sql: string, params?: unknown[], options?: QueryOptions) {
      const start = epochNow();
      const rows = await database.query<TRow>(sql, params, options);
      spans.push({ kind: 'query', start, end: epochNow() });
      return rows;
    },
  };
}

/** Starts a new list of this process's GC pauses (the previous list stops growing). */
function recordGcPauses(): GcPause[] {
  const pauses: GcPause[] = [];
  gcObserver?.disconnect();
  gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      const start = performance.timeOrigin + entry.startTime;
      pauses.push({
        start,
        end: start + entry.duration,
        major:
          kind === constants.NODE_PERFORMANCE_GC_MAJOR ||
          kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL,
      });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  return pauses;
}
let gcObserver: PerformanceObserver | undefined;

serve().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
