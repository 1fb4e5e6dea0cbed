// The real gateway app, with session-service replaced by one stored night, for the benchmark.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionStore } from '@sleep/gateway-api';
import { createServiceApp, loadConfig } from '@sleep/service-kit';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { mintDevToken } from '../src/auth/dev-token';
import { envSchema } from '../src/config';
import { TenantDirectoryService } from '../src/tenants/tenant-directory.service';
import { AppUserRepository } from '../src/users/app-user.repository';
import { BENCH_ASLEEP_USER, BENCH_TENANT, BENCH_USER, benchNight } from './bench-night';

async function main() {
  const night = benchNight();
  const store: SessionStore = {
    get: async () => night,
    list: async () => ({ timezone: 'UTC', sessions: [], nextOffset: null }),
    delete: async () => ({ deleted: false }),
    user: async () => null,
  };
  const config = loadConfig(envSchema, {
    ...process.env,
    STATE_DIR: mkdtempSync(join(tmpdir(), 'gateway-bench-')),
    RATE_LIMIT_USER_PER_MINUTE: '10000000',
    RATE_LIMIT_TENANT_PER_MINUTE: '100000000',
  });
  const logger = pino({ level: config.LOG_LEVEL });
  const app = await createServiceApp({
    rootModule: AppModule.register(config, logger, { sessionStore: store }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.get(TenantDirectoryService).create({
    id: BENCH_TENANT,
    name: 'Bench',
    defaultTimezone: 'Asia/Seoul',
    asleepApiKey: 'sk-bench-unused-key',
  });
  const users = app.get(AppUserRepository);
  await users.add({
    tenantId: BENCH_TENANT,
    appUserId: BENCH_USER,
    asleepUserId: BENCH_ASLEEP_USER,
    createdAt: new Date().toISOString(),
  });
  await users.markAnnounced(BENCH_TENANT, BENCH_USER);
  const token = await mintDevToken(
    { secret: config.JWT_SECRET ?? '', issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { tenantId: BENCH_TENANT, appUserId: BENCH_USER, role: 'member' },
  );
  process.send?.({ url: await app.getUrl(), token, sessionId: night.session.id });
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  process.once('disconnect', () => void app.close().then(() => process.exit(0)));
}

void main();
