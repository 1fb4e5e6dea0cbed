import { AsleepNotFoundError } from '@sleep/asleep-client';
import type { SleepData } from '@sleep/contracts';
import { MissingTenantKeyError, type AsleepClients } from '../asleep/tenant-asleep-clients';
import { SessionQueries } from '../rpc/session.queries';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleNightAt } from '../testing/nights';
import { sampleUserId } from '../testing/samples';
import { openStore, outboxRows, silentLogger, type StoreFixture } from '../testing/store-fixture';
import { SessionRecoveryJob } from './session-recovery.job';

/** What Asleep answers for each session id: data, or an error to throw. */
const answers = new Map<string, SleepData | Error>();
const clients = {
  for(tenantId: string) {
    if (tenantId !== 'acme') throw new MissingTenantKeyError(tenantId);
    return {
      async getSession(_user: string, sessionId: string) {
        const answer = answers.get(sessionId);
        if (!answer || answer instanceof Error) throw answer ?? new Error('unexpected');
        return answer;
      },
    };
  },
} as unknown as AsleepClients;

describe('SessionRecoveryJob', () => {
  let store: StoreFixture;
  let job: SessionRecoveryJob;
  let queries: SessionQueries;
  // Nights are due as soon as they are written.
  const dueNow = () =>
    store.database.query(
      `update sessions set recovery_due_at = now() - interval '1 second' where state <> 'COMPLETE'`,
    );

  async function openNight(tenantId: string, n: number) {
    const userId = `${sampleUserId}-rec-${n}`;
    const data = sampleNightAt(`2025-03-${10 + n}T14:00:00Z`, `202503${10 + n}140000_rec${n}x`);
    await store.writer.apply(nightDeliveries(data, { userId, tenantId }).slice(0, 4));
    return { userId, data };
  }

  beforeAll(async () => {
    store = await openStore('postgres', { recoveryAfterMs: 60_000 });
    job = new SessionRecoveryJob(
      store.database,
      store.settings,
      clients,
      store.writer,
      store.deleter,
      store.metrics,
      silentLogger,
    );
    queries = new SessionQueries(store.database);
  }, 30_000);

  afterAll(() => store?.close());

  it('completes a night whose SESSION_COMPLETE never came from Get Session', async () => {
    const { userId, data } = await openNight('acme', 1);
    answers.set(data.session.id, data);
    await dueNow();
    expect(await job.recoverDue()).toBe(1);
    expect((await queries.night(userId, data.session.id))?.state).toBe('COMPLETE');
    const events = (await outboxRows(store.database))
      .filter((row) => row.key === userId)
      .map((row) => JSON.parse(row.value).type);
    expect(events.at(-1)).toBe('sleep.session.completed');
    expect(await job.recoverDue()).toBe(0);
  });

  it('stores what a still-unfinished night shows and tries again later, waiting longer', async () => {
    const { userId, data } = await openNight('acme', 2);
    answers.set(data.session.id, {
      ...data,
      stat: null,
      peculiarities: ['IN_PROGRESS', 'NO_BREATHING_STABILITY'],
      session: { ...data.session, state: 'CLOSED' },
    });
    await dueNow();
    await job.recoverDue();
    const night = await queries.night(userId, data.session.id);
    expect(night).toMatchObject({ state: 'CLOSED', sleepStages: data.session.sleep_stages });
    const [row] = await store.database.query<{ attempts: number; wait: number }>(
      `select recovery_attempts as attempts, extract(epoch from recovery_due_at - now()) as wait from sessions where session_id = $1`,
      [data.session.id],
    );
    expect(row.attempts).toBe(1);
    expect(Number(row.wait)).toBeGreaterThan(50);
  });

  it('removes a night only once Asleep said three times it does not know it', async () => {
    const { userId, data } = await openNight('acme', 3);
    answers.set(
      data.session.id,
      new AsleepNotFoundError({
        operation: 'getSession',
        status: 404,
        detail: 'session does not exist',
      }),
    );
    for (let attempt = 1; attempt <= 2; attempt++) {
      await dueNow();
      await job.recoverDue();
      expect(await queries.night(userId, data.session.id)).toBeDefined();
    }
    await dueNow();
    await job.recoverDue();
    expect(await queries.night(userId, data.session.id)).toBeUndefined();
    const last = JSON.parse(
      (await outboxRows(store.database)).filter((row) => row.key === userId).at(-1)?.value ?? '{}',
    );
    expect(last).toMatchObject({
      type: 'sleep.session.deleted',
      payload: { reason: 'missing-upstream' },
    });
  });

  it('leaves a tenant without an Asleep key alone, and tries again later', async () => {
    const { userId, data } = await openNight('globex', 4);
    await dueNow();
    await job.recoverDue();
    expect((await queries.night(userId, data.session.id))?.state).toBe('OPEN');
    const text = await store.metrics.recoveries.get();
    expect(text.values.find((v) => v.labels.outcome === 'no-key')?.value).toBeGreaterThan(0);
  });
});
