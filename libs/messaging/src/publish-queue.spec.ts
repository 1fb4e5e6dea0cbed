import { takeBatch, toTopicMessages, type PendingPublish } from './publish-queue';

const pending = (topic: string, values: string[], bytes = 10 * values.length): PendingPublish => ({
  topic,
  messages: values.map((value) => ({ value })),
  bytes,
  startedAt: 0,
  inFlight: false,
  settled: false,
  resolve: () => undefined,
  reject: () => undefined,
});

describe('takeBatch', () => {
  it('takes whole publishes while they fit the message and byte limits', () => {
    const queue = [pending('a', ['1', '2']), pending('a', ['3']), pending('b', ['4', '5'])];
    expect(takeBatch(queue, 3, 1_000).map((p) => p.messages.length)).toEqual([2, 1]);
    expect(queue).toHaveLength(1);
    expect(takeBatch([pending('a', ['1']), pending('a', ['2'])], 10, 15)).toHaveLength(1);
  });

  it('sends an oversized publish alone instead of holding it back', () => {
    const queue = [pending('a', ['big'], 5_000), pending('a', ['small'])];
    expect(takeBatch(queue, 10, 1_000)).toHaveLength(1);
    expect(takeBatch(queue, 10, 1_000)[0].messages[0].value).toBe('small');
  });
});

describe('toTopicMessages', () => {
  it('groups by topic and keeps publish order within a topic', () => {
    const batch = [pending('a', ['1']), pending('b', ['x']), pending('a', ['2', '3'])];
    expect(toTopicMessages(batch)).toEqual([
      { topic: 'a', messages: [{ value: '1' }, { value: '2' }, { value: '3' }] },
      { topic: 'b', messages: [{ value: 'x' }] },
    ]);
  });
});
