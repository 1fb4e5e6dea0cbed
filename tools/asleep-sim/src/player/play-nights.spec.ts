import { parseAsleepWebhook } from '@sleep/contracts';
import { AsleepSim, startAsleepSim } from '../sim';
import { defined } from '../test/defined';
import { call } from '../test/http';
import { Received, startReceiver } from '../test/receiver';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const bySession = (received: readonly Received[]) => {
  const sessions = new Map<string, Received[]>();
  for (const entry of received) {
    const parsed = parseAsleepWebhook(entry.body);
    if (!parsed.success) throw parsed.error;
    const id =
      parsed.data.event === 'INFERENCE_COMPLETE'
        ? parsed.data.data.session_id
        : parsed.data.data.session.id;
    sessions.set(id, [...(sessions.get(id) ?? []), entry]);
  }
  return sessions;
};

describe('playNights', () => {
  let sim: AsleepSim;
  let receiver: Receiver;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: ['live', 'test'], seed: 21 });
  });
  afterAll(() => sim.stop());
  afterEach(() => receiver?.close());

  const liveNights = (users: number, apiKey = 'live', kind: 'normal' | 'too-short' = 'normal') =>
    Array.from(
      { length: users },
      () => sim.createUserWithNights({ nights: 1, kind, store: 'none', apiKey }).nights[0],
    );

  it('delivers every window and SESSION_COMPLETE with the right headers; they reassemble into the truth', async () => {
    receiver = await startReceiver();
    const nights = [...liveNights(3), ...liveNights(1, 'test')];
    const report = await sim.playNights({ webhookUrl: receiver.url, nights, concurrency: 4 });
    expect(report).toMatchObject({ failed: 0, retries: 0, dropped: 0, duplicates: 0 });
    expect(report.delivered).toBe(receiver.received.length);
    const sessions = bySession(receiver.received);
    for (const truth of report.truth) {
      const entries = defined(sessions.get(truth.sessionId));
      const tenant =
        nights.findIndex((night) => night.sessionId === truth.sessionId) < 3 ? 'live' : 'test';
      for (const { headers } of entries) {
        expect(headers).toMatchObject({
          'x-api-key': tenant,
          'x-user-id': truth.userId,
          'content-type': 'application/json',
        });
      }
      const windows = entries.slice(0, -1).map((entry) => entry.body.data);
      expect(windows.flatMap((data) => data.sleep_stages)).toEqual(
        truth.sleepData.session.sleep_stages,
      );
      expect(windows.flatMap((data) => data.snoring_stages)).toEqual(
        truth.sleepData.session.snoring_stages,
      );
      expect(windows.map((data) => data.inference_seq_num)).toEqual(windows.map((_, i) => i));
      expect(entries.at(-1)?.body).toEqual({
        event: 'SESSION_COMPLETE',
        version: 'V3',
        data: truth.sleepData,
      });
      const { user_id: _userId, ...sleepData } = truth.sleepData;
      const s1 = await call(sim, 'GET', `/data/v3/sessions/${truth.sessionId}`, {
        key: tenant,
        userId: truth.userId,
      });
      expect(s1.body.result).toEqual(sleepData);
    }
  });

  it('moves the session through OPEN and CLOSED to COMPLETE as the webhooks go out', async () => {
    const [night] = liveNights(1);
    const seen: string[] = [];
    receiver = await startReceiver(async ({ body }) => {
      const { result } = (
        await call(sim, 'GET', `/data/v3/sessions/${night.sessionId}`, {
          key: 'live',
          userId: night.userId,
        })
      ).body;
      if (body.event === 'INFERENCE_COMPLETE') {
        expect(result.session.sleep_stages.length).toBe(body.data.seq_num + 1);
        expect(result.stat).toBeNull();
      }
      seen.push(result.session.state);
      return 200;
    });
    await sim.playNights({ webhookUrl: receiver.url, nights: [night] });
    expect(seen[0]).toBe('OPEN');
    expect(seen.at(-2)).toBe('CLOSED');
    expect(seen.at(-1)).toBe('COMPLETE');
  });

  it('retries failed deliveries with backoff and gives up after the attempt cap', async () => {
    receiver = await startReceiver((_entry, index) => (index < 2 ? 503 : 200));
    const [night] = liveNights(1);
    const report = await sim.playNights({
      webhookUrl: receiver.url,
      nights: [night],
      retry: { baseMs: 1 },
    });
    expect(report).toMatchObject({ failed: 0, retries: 2, statuses: { 503: 2 } });
    expect(receiver.received).toHaveLength(report.delivered);

    const down = await sim.playNights({
      webhookUrl: 'http://127.0.0.1:9/unreachable',
      nights: liveNights(1, 'live', 'too-short'),
      retry: { baseMs: 1, maxAttempts: 3 },
    });
    expect(down.delivered).toBe(0);
    expect(down.records.every((record) => record.attempts.length === 3)).toBe(true);
    expect(Object.keys(down.statuses)).toEqual(['error']);
  });

  it('injects duplicates and drops SESSION_COMPLETE on request; the session still completes', async () => {
    receiver = await startReceiver();
    const [kept, dropped] = liveNights(2);
    const report = await sim.playNights({
      webhookUrl: receiver.url,
      nights: [kept, dropped],
      duplicates: 1,
      dropSessionComplete: (userId) => userId === dropped.userId,
    });
    const windows = Math.ceil(kept.sleepStages.length / 10);
    expect(bySession(receiver.received).get(kept.sessionId)).toHaveLength(2 * (windows + 1));
    const droppedEvents = defined(bySession(receiver.received).get(dropped.sessionId)).map(
      (entry) => entry.body.event,
    );
    expect(droppedEvents).not.toContain('SESSION_COMPLETE');
    expect(report.droppedDeliveries).toEqual([
      expect.objectContaining({ event: 'SESSION_COMPLETE', sessionId: dropped.sessionId }),
    ]);
    expect(sim.state.getSession(dropped.sessionId, 'live')?.state).toBe('COMPLETE');
  });

  it('reorders a whole night and sends V2 bodies on request', async () => {
    receiver = await startReceiver();
    const [night] = liveNights(1);
    const report = await sim.playNights({
      webhookUrl: receiver.url,
      nights: [night],
      reorder: 'all',
      version: 'V2',
      delay: { probability: 0.2, ms: 20 },
    });
    expect(report.records.some((record) => record.delayed)).toBe(true);
    expect(report.delivered).toBe(Math.ceil(night.sleepStages.length / 10) + 1);
    const bodies = receiver.received.map((entry) => entry.body);
    expect(bodies.every((body) => body.callback_version === 'V2' && !('event' in body))).toBe(true);
    const seqs = bodies
      .filter((body) => body.callback_event === 'INFERENCE_COMPLETE')
      .map((body) => body.callback_data.inference_seq_num);
    expect(seqs).not.toEqual([...seqs].sort((a, b) => a - b));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i));
  });

  it('follows the night clock at a given speed', async () => {
    receiver = await startReceiver();
    const userId = sim.state.addUser({ apiKey: 'live' }).userId;
    const night = sim.generateNight({
      userId,
      startMs: Date.parse('2025-01-01T22:00:00Z'),
      kind: 'too-short',
    });
    const nightMs = night.completeMs - night.startMs;
    const report = await sim.playNights({
      webhookUrl: receiver.url,
      nights: [night],
      speed: nightMs / 400,
    });
    expect(report.elapsedMs).toBeGreaterThanOrEqual(380);
    expect(report.elapsedMs).toBeLessThan(5_000);
  });
});
