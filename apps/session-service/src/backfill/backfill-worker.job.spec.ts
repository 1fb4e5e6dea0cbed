import { BACKFILL_REQUESTED } from '@sleep/contracts';
import type { AsleepClients } from '../asleep/tenant-asleep-clients';
import { sampleNightAt } from '../testing/nights';
import { sampleUserId } from '../testing/samples';
import { openStore, outboxRows, silentLogger, type StoreFixture } from '../testing/store-fixture';
import { recordJob } from './backfill.repository';
import { BackfillWorker } from './backfill-worker.job';

const userId = `${sampleUserId}-backfill`;
const NIGHTS = 230;
const starts = Array.from({ length: NIGHTS }, (_, i) =>
  new Date(Date.parse('2025-01-01T13:00:00Z') + i * 86_400_000).toISOString(),
);
const ids = starts.map(
  (start, i) => `${start.replace(/\D/g, '').slice(0, 14)}_${String(i).padStart(5, '0')}`,
);

/** Asleep's S2 and S1 for one user; `crashAt` makes S1 fail like a dying process at that night. */
function fakeAsleep() {
  const state = { offsets: [] as number[], crashAt: -1 };
  const client = {
    async listSessions(
      _user: string,
      { offset = 0, limit = 20 }: { offset?: number; limit?: number },
    ) {
      state.offsets.push(offset);
      const page = ids.slice(offset, offset + limit).map((session_id) => ({ session_id }));
      return { timezone: 'UTC', sleep_session_list: page };
    },
    async getSession(_user: string, sessionId: string) {
      const index = ids.indexOf(sessionId);
      if (index === state.crashAt) throw new Error('the process died here');
      return sampleNightAt(starts[index], sessionId);
    },
  };
  return { state, clients: { for: () => client } as unknown as AsleepClients };
}

describe('BackfillWorker', () => {
  let store: StoreFixture;

  beforeAll(async () => {
    store = await openStore('postgres');
  }, 30_000);

  afterAll(() => store?.close());

  it('imports every night once, resuming at the page it was on after a crash', async () => {
    const asleep = fakeAsleep();
    const worker = new BackfillWorker(
      store.database,
      asleep.clients,
      store.writer,
      store.metrics,
      silentLogger,
    );
    await recordJob(store.database, {
      eventId: 'cmd-1',
      type: BACKFILL_REQUESTED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: 'acme',
      key: userId,
      payload: { userId, dateFrom: '2025-01-01', dateTo: '2025-12-31', timezone: 'UTC' },
    });

    asleep.state.crashAt = 150;
    expect(await worker.runOnce()).toBe(true);
    expect(asleep.state.offsets).toEqual([0, 100]);
    const [interrupted] = await store.database.query<{ status: string; next_offset: number }>(
      `select status, next_offset from backfill_jobs where command_id = 'cmd-1'`,
    );
    expect(interrupted).toEqual({ status: 'RUNNING', next_offset: 100 });

    // Another claim once the lease has run out, as after a restart.
    expect(await worker.runOnce()).toBe(false);
    await store.database.query(
      `update backfill_jobs set lease_until = now() - interval '1 second'`,
    );
    asleep.state.crashAt = -1;
    asleep.state.offsets = [];
    expect(await worker.runOnce()).toBe(true);
    expect(asleep.state.offsets).toEqual([100, 200]);

    // Nights 100-149 were stored before the crash: on the repeated page they are found complete.
    const [job] = await store.database.query<{
      status: string;
      imported: number;
      skipped: number;
      next_offset: number;
    }>(
      `select status, imported, skipped, next_offset from backfill_jobs where command_id = 'cmd-1'`,
    );
    expect(job).toEqual({
      status: 'DONE',
      imported: NIGHTS - 50,
      skipped: 50,
      next_offset: NIGHTS,
    });
    const completed = (await outboxRows(store.database)).filter(
      (row) => JSON.parse(row.value).type === 'sleep.session.completed',
    );
    expect(completed).toHaveLength(NIGHTS);
    expect(new Set(completed.map((row) => row.event_id)).size).toBe(NIGHTS);
  }, 60_000);
});
