// `average` and `score` of the benchmark, read as the gateway reads them: over HTTP from the RPC
// server in a process of its own (the deployment's V8 flags), with the gateway's client. The
// same calls on a server in this process (one heap, one event loop for both ends) and on the
// service in-process are printed too, comparable with earlier runs.
import {
  ANALYTICS_RPC_PREFIX,
  type AnalyticsRouter,
  createAnalyticsClient,
  createAnalyticsRouter,
  createRpcFetch,
  registerRpcRoute,
  unpackAverage,
} from '@sleep/analytics-rpc';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import { createTRPCClient, httpLink } from '@trpc/client';
import Fastify from 'fastify';
import type { ReportBuilder } from '../src/reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../src/rpc/analytics-rpc.service';
import { explain } from './explain-reads';
import { startRpcServerProcess } from './rpc-server-process';
import { measureBackendCpu } from './server-cpu';
import { figures, pausesDuring, ratio, timed, type CpuMeters } from './timed-calls';

export interface ReadsSetup {
  database: AnyDatabaseHandle;
  databaseUrl: string;
  reports: ReportBuilder;
  tenant: string;
  users: number;
  nights: number;
  userId: (i: number) => string;
  phases: Set<string>;
  /** Records the figure the target is judged on. */
  recordTarget: (what: string, figure: string, goal: string, met: boolean) => void;
}

export async function reads(setup: ReadsSetup) {
  const { database, reports, tenant, users, nights, phases } = setup;
  const pick = (i: number) => setup.userId((i * 7919) % users);
  const averageOf = (i: number) => ({
    tenantId: tenant,
    userId: pick(i),
    start_date: '2025-01-01',
    end_date: '2025-04-10',
    timezone: 'Asia/Seoul',
  });
  const scoreOf = (i: number) => ({
    tenantId: tenant,
    userId: pick(i),
    sessionId: `s${i % nights}`,
  });

  const service = new AnalyticsRpcServiceImpl(database, reports, { completenessDeadlineHours: 18 });
  if (process.env['BENCH_EXPLAIN']) await explain(database, reports, averageOf(0), scoreOf(0));
  const { sameThread, closeSameThread } = await sameThreadClient(service);
  const server = await startRpcServerProcess(setup.databaseUrl);
  console.log(`RPC server process flags: ${server.flags}`);
  // The gateway's client (as `AnalyticsRpcStore` builds it; the token check is left out).
  const gateway = createAnalyticsClient({
    baseUrl: server.url,
    headers: async () => ({ 'x-caller': 'gateway' }),
  });
  const postgres = () => measureBackendCpu(database);
  const sides: CpuMeters = { server: () => server.measureCpu(), postgres };
  const sameThreadSides: CpuMeters = { postgres };
  try {
    if (phases.has('average')) {
      await server.gcPauses();
      // As the gateway's `AnalyticsRpcStore.average`: the answer packed, unpacked as received
      // (the gateway's `stats.average` checks its own output, past this client).
      const calls = await timed(
        2_000,
        async (i) => unpackAverage(await gateway.query('averagePackedV2', averageOf(i))),
        sides,
      );
      const deployed = figures(
        'average over 100 days (RPC, server process, gateway client)',
        calls,
      );
      pausesDuring('server process', calls, await server.gcPauses());
      const same = figures(
        'average over 100 days (RPC, same thread, keep-alive pool)',
        await timed(2_000, (i) => sameThread.average.query(averageOf(i)), sameThreadSides),
      );
      const local = figures(
        'average over 100 days (in-process)',
        await timed(2_000, (i) => service.average(averageOf(i)), sameThreadSides),
      );
      setup.recordTarget(
        'average over 100 days, RPC p99',
        `${deployed.p99.toFixed(2)} ms`,
        '<= 5 ms',
        deployed.p99 <= 5,
      );
      ratio('average, server process', deployed, local);
      ratio('average, same thread', same, local);
    }
    if (phases.has('score')) {
      await server.gcPauses();
      const calls = await timed(5_000, (i) => gateway.query('score', scoreOf(i)), sides);
      const deployed = figures('score of one night (RPC, server process, gateway client)', calls);
      pausesDuring('server process', calls, await server.gcPauses());
      const same = figures(
        'score of one night (RPC, same thread, keep-alive pool)',
        await timed(5_000, (i) => sameThread.score.query(scoreOf(i)), sameThreadSides),
      );
      const local = figures(
        'score of one night (in-process)',
        await timed(5_000, (i) => service.score(scoreOf(i)), sameThreadSides),
      );
      setup.recordTarget(
        'score of one night, RPC p99',
        `${deployed.p99.toFixed(2)} ms`,
        '<= 2 ms',
        deployed.p99 <= 2,
      );
      ratio('score, server process', deployed, local);
      ratio('score, same thread', same, local);
    }
  } finally {
    await gateway.close();
    await server.close();
    await closeSameThread();
  }
}

/** The route on a Fastify in this process, called over a keep-alive pool: the earlier runs' setup. */
async function sameThreadClient(service: AnalyticsRpcServiceImpl) {
  const app = Fastify();
  // The service's own route (as `AnalyticsRpcMount` registers it), without the token check.
  registerRpcRoute(app, {
    prefix: ANALYTICS_RPC_PREFIX,
    router: createAnalyticsRouter(service),
    createContext: () => ({}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const pool = createRpcFetch(url);
  const sameThread = createTRPCClient<AnalyticsRouter>({
    links: [httpLink({ url: `${url}${ANALYTICS_RPC_PREFIX}`, fetch: pool.fetch })],
  });
  const closeSameThread = async () => {
    await pool.close();
    await app.close();
  };
  return { sameThread, closeSameThread };
}
