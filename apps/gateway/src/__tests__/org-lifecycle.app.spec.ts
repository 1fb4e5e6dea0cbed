import { randomBytes } from 'node:crypto';
import { TenantUpdatedSchema, Topics } from '@sleep/contracts';
import type { AnalyticsStore } from '@sleep/gateway-api';
import { readFrom, topicEnds } from '@sleep/testkit';
import { Client } from 'pg';
import {
  type GatewayFixture,
  KEY_ACME,
  KEY_ACME_NEXT,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

const tenantId = `org-${randomBytes(3).toString('hex')}`;

const removedFromAnalytics: string[] = [];
const analytics: Pick<AnalyticsStore, 'removeTenant'> = {
  removeTenant: async ({ tenantId }) => {
    removedFromAnalytics.push(tenantId);
    return { tenantId, rowsRemoved: 0 };
  },
};

describe('gateway on Postgres and Kafka: audit log, settings versions, tenant lifecycle', () => {
  let gw: GatewayFixture;
  let db: Client;
  beforeAll(async () => {
    // analytics-service does not run here: what stands for it records the tenant's removal.
    gw = await startGateway({}, { analytics: analytics as AnalyticsStore });
    db = new Client({ connectionString: gw.database.url });
    await db.connect();
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await db?.end();
    await gw?.stop();
  });

  it('keeps the audit log append-only in the database itself', async () => {
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Org',
      asleepApiKey: KEY_ACME,
    });
    const { entries } = await operator.audit.list.query({ tenantId });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'tenant.create',
        actor: { kind: 'operator', id: 'olga' },
        outcome: 'success',
      }),
    ]);
    for (const statement of [
      `update gateway.audit_log set outcome = 'failure' where tenant_id = '${tenantId}'`,
      `delete from gateway.audit_log where tenant_id = '${tenantId}'`,
      'truncate gateway.audit_log',
    ])
      await expect(db.query(statement)).rejects.toThrow(/append-only/);
    const { rows } = await db.query(
      'select count(*)::int as n from gateway.audit_log where tenant_id = $1',
      [tenantId],
    );
    expect(rows[0].n).toBe(1);
  }, 30_000);

  it('validates a new key against Asleep before it replaces the old one; never stores a key in the log', async () => {
    const admin = gw.client(await gw.token(tenantId, 'adam', 'admin'));
    await expect(
      admin.tenant.rotateKey.mutate({ asleepApiKey: 'sk-not-issued-by-asleep-000' }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST', httpStatus: 400 } });
    await admin.tenant.rotateKey.mutate({ asleepApiKey: KEY_ACME_NEXT });
    const { rows } = await db.query('select details::text as d from gateway.audit_log');
    const stored = rows.map((row: { d: string | null }) => row.d ?? '').join('\n');
    expect(stored).not.toContain(KEY_ACME_NEXT);
    expect(stored).not.toContain('sk-not-issued');
    expect(stored).not.toContain(KEY_ACME);
  }, 30_000);

  it('stores each settings version with who and when', async () => {
    const admin = gw.client(await gw.token(tenantId, 'adam', 'admin'));
    await admin.org.settings.update.mutate({ minGroupSize: 8 });
    await admin.org.settings.update.mutate({ retentionDays: 365 });
    const analyst = gw.client(await gw.token(tenantId, 'ana', 'analyst'));
    const current = await analyst.org.settings.get.query();
    expect(current).toMatchObject({
      version: 2,
      changedBy: { kind: 'user', id: 'adam' },
      settings: { minGroupSize: 8, retentionDays: 365 },
    });
    const history = await analyst.org.settings.history.query({});
    expect(history.versions.map((v) => [v.version, v.settings.minGroupSize])).toEqual([
      [2, 8],
      [1, 8],
    ]);
    const member = gw.client(await gw.token(tenantId, 'mo', 'member'));
    await expect(member.org.settings.get.query()).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
  }, 30_000);

  it('announces disable, enable and delete on platform.tenants.v1, and refuses a disabled tenant’s users', async () => {
    const from = await topicEnds(gw.kafka, Topics.tenants.name);
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    const member = gw.client(await gw.token(tenantId, 'carol', 'member'));
    await member.users.create.mutate({});

    await operator.platform.tenants.disable.mutate({ tenantId, reason: 'contract ended' });
    await expect(member.me.query()).rejects.toMatchObject({
      data: { code: 'FORBIDDEN', httpStatus: 403 },
      message: expect.stringMatching(/disabled/),
    });
    await operator.platform.tenants.enable.mutate({ tenantId });
    expect((await member.me.query()).tenantId).toBe(tenantId);

    const deleted = await operator.platform.tenants.delete.mutate({ tenantId });
    expect(deleted).toEqual({ tenantId, deleted: true, usersErased: 1 });
    expect(removedFromAnalytics).toEqual([tenantId]);

    const messages = await readFrom(gw.kafka, Topics.tenants.name, from, {
      until: (read) =>
        read.some((m) => m.key === tenantId && m.value?.includes('"status":"deleted"')),
    });
    const states = messages
      .filter((m) => m.key === tenantId)
      .map((m) => TenantUpdatedSchema.parse(JSON.parse(m.value!)).payload);
    expect(states.map((s) => [s.status, s.statusReason])).toEqual([
      ['disabled', 'contract ended'],
      ['active', null],
      ['disabled', 'being deleted'],
      ['deleted', null],
    ]);
    expect(states.at(-1)?.asleepApiKey).toBeUndefined();
    const revisions = states.map((s) => s.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);

    for (const table of ['tenants', 'app_users', 'org_settings']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      const { rows } = await db.query(
        `select count(*)::int as n from gateway.${table} where ${column} = $1`,
        [tenantId],
      );
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
    const { entries } = await operator.audit.list.query({ tenantId, action: 'tenant.delete' });
    expect(entries[0]).toMatchObject({ outcome: 'success', details: { usersErased: 1 } });
  }, 60_000);
});
