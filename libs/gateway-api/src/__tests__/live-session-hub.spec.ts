import { LiveSessionHub } from '../services/live-session-hub';

const event = (id: string, userId = 'u1', tenantId = 't1') => ({
  id,
  tenantId,
  asleepUserId: userId,
  data: id,
});

async function take<T>(iterator: AsyncGenerator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('LiveSessionHub', () => {
  it('streams a user’s new events, not another user’s or another tenant’s', async () => {
    const hub = new LiveSessionHub<string>();
    const stream = hub.stream({ tenantId: 't1', asleepUserId: 'u1' });
    const first = take(stream, 2);
    hub.publish(event('a'));
    hub.publish(event('x', 'u2'));
    hub.publish(event('y', 'u1', 't2'));
    hub.publish(event('b'));
    expect((await first).map((e) => e.id)).toEqual(['a', 'b']);
    await stream.return(undefined);
    expect(hub.subscriberCount()).toBe(0);
  });

  it('replays what came after the last event id on resume, ignores duplicates', async () => {
    const hub = new LiveSessionHub<string>();
    for (const id of ['a', 'b', 'c', 'b']) hub.publish(event(id));
    const resumed = hub.stream({ tenantId: 't1', asleepUserId: 'u1', lastEventId: 'a' });
    expect((await take(resumed, 2)).map((e) => e.id)).toEqual(['b', 'c']);
    const unknown = hub.stream({ tenantId: 't1', asleepUserId: 'u1', lastEventId: 'gone' });
    expect((await take(unknown, 3)).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('ends a stream when its signal aborts, and cuts off a subscriber that falls too far behind', async () => {
    const hub = new LiveSessionHub<string>({ maxQueued: 2 });
    const controller = new AbortController();
    const stream = hub.stream({ tenantId: 't1', asleepUserId: 'u1', signal: controller.signal });
    const pending = stream.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    const slow = hub.stream({ tenantId: 't1', asleepUserId: 'u1' });
    const started = slow.next();
    for (const id of ['1', '2', '3', '4']) hub.publish(event(id));
    expect((await started).value?.id).toBe('1');
    expect((await take(slow, 5)).map((e) => e.id)).toEqual(['2']);
  });

  it('ends every stream when closed, so shutdown is not held up by open subscriptions', async () => {
    const hub = new LiveSessionHub<string>();
    const stream = hub.stream({ tenantId: 't1', asleepUserId: 'u1' });
    const pending = stream.next();
    hub.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await hub.stream({ tenantId: 't1', asleepUserId: 'u1' }).next()).toEqual({
      done: true,
      value: undefined,
    });
  });
});
