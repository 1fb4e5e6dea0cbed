import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { SessionStore } from '@sleep/gateway-api';
import { createServiceApp, loadConfig } from '@sleep/service-kit';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { mintDevToken } from '../src/auth/dev-token';
import { envSchema } from '../src/config';
import { TenantDirectoryService } from '../src/tenants/tenant-directory.service';
import { AppUserRepository } from '../src/users/app-user.repository';
import { BENCH_ASLEEP_USER, BENCH_TENANT, BENCH_USER, benchNight } from './bench-night';

async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 5000; i++) await f();
  const n = 30000; const c = process.cpuUsage(); 
  for (let i = 0; i < n; i++) await f();
  const d = process.cpuUsage(c);
  console.log(name.padEnd(22), ((d.user + d.system) / n).toFixed(1), 'µs cpu');
}
async function main() {
  const night = benchNight();
  const store: SessionStore = { get: async () => night, list: async () => ({ timezone: 'UTC', sessions: [], nextOffset: null }), delete: async () => ({ deleted: false }) };
  const config = loadConfig(envSchema, { ...process.env, KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'warn', STATE_DIR: mkdtempSync(join(tmpdir(), 'gw-inj-')), RATE_LIMIT_USER_PER_MINUTE: '10000000', RATE_LIMIT_TENANT_PER_MINUTE: '100000000' });
  const app = await createServiceApp({ rootModule: AppModule.register(config, pino({ level: 'warn' }), { sessionStore: store }) });
  const f = app.getHttpAdapter().getInstance();
  f.get('/api/zz-bare', async () => night);
  f.get('/api/zz-string', async (_q, r) => r.type('application/json').send(Buffer.from(JSON.stringify([{ result: { data: night } }]))));
  await app.init();
  await app.get(TenantDirectoryService).create({ id: BENCH_TENANT, name: 'Bench', defaultTimezone: 'Asia/Seoul', asleepApiKey: 'sk-bench-unused-key' });
  await app.get(AppUserRepository).add({ tenantId: BENCH_TENANT, appUserId: BENCH_USER, asleepUserId: BENCH_ASLEEP_USER, createdAt: new Date().toISOString() });
  const token = await mintDevToken({ secret: config.JWT_SECRET ?? '', issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }, { tenantId: BENCH_TENANT, appUserId: BENCH_USER, role: 'member' });
  const input = encodeURIComponent(JSON.stringify({ 0: { sessionId: night.session.id } }));
  const bare = Fastify(); bare.get('/n', async () => night); await bare.ready();
  const h = { authorization: `Bearer ${token}` };
  await time('bare fastify', () => bare.inject({ url: '/n' }));
  await time('nest route', () => f.inject({ url: '/api/zz-bare' }));
  await time('nest route buffer', () => f.inject({ url: '/api/zz-string' }));
  await time('trpc me', () => f.inject({ url: `/trpc/me?batch=1&input=%7B%7D`, headers: h }));
  await time('trpc sessions.get', () => f.inject({ url: `/trpc/sessions.get?batch=1&input=${input}`, headers: h }));
  const { GATEWAY_DEPS } = await import('../src/gateway.tokens');
  const { createCallerFactory, appRouter, contextFor } = await import('@sleep/gateway-api');
  const caller = createCallerFactory(appRouter)(contextFor(app.get(GATEWAY_DEPS), { tenantId: BENCH_TENANT, appUserId: BENCH_USER, role: 'member' }));
  await time('caller me', () => caller.me());
  await time('caller sessions.get', () => caller.sessions.get({ sessionId: night.session.id }));
  await app.close();
  process.exit(0);
}
void main();
