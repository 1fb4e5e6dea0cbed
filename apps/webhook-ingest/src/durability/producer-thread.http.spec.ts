import { WebhookReceivedSchema } from '@sleep/contracts';
import { sampleInferenceComplete } from '@sleep/contracts/testing';
import { CRASH_KEY, producerThreadEntries, rearmCrash } from '@sleep/messaging/testing';
import { KEY_ACME, startIngest, type IngestFixture } from '../testing/ingest-fixture';

jest.setTimeout(90_000);

const bodyOf = (userId: string, n: number) =>
  JSON.stringify({
    ...sampleInferenceComplete,
    data: { ...sampleInferenceComplete.data, user_id: userId, inference_seq_num: n },
  });
const headersOf = (userId: string) => ({
  'content-type': 'application/json',
  'x-api-key': KEY_ACME,
  'x-user-id': userId,
});

describe('webhooks published through the producer thread', () => {
  let ingest: IngestFixture | undefined;
  beforeEach(() => rearmCrash());
  afterEach(async () => {
    await ingest?.close();
    ingest = undefined;
    rearmCrash();
  });

  it('answers "accepted" only for what Kafka acknowledged through the thread', async () => {
    ingest = await startIngest();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        ingest!.post(bodyOf(`user-${n % 4}`, n), headersOf(`user-${n % 4}`)),
      ),
    );
    const accepted = responses.filter((r) => JSON.parse(r.body).status === 'accepted').length;
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const messages = await ingest.read(ingest.topics.topic, accepted);
    expect(messages.length).toBeGreaterThanOrEqual(accepted);
    for (const message of messages)
      expect(WebhookReceivedSchema.parse(JSON.parse(message.value!)).key).toBe(message.key);
  });

  it('a thread that dies mid-publish: the webhook is spooled, not acknowledged, then replayed', async () => {
    ingest = await startIngest({
      ingest: { producerThreadEntry: producerThreadEntries.crashing },
    });
    const response = await ingest.post(bodyOf(CRASH_KEY, 1), headersOf(CRASH_KEY));
    expect(response.status).toBe(200);
    // Kafka never answered for it: the 200 comes from the fsynced spool.
    expect(JSON.parse(response.body)).toMatchObject({ status: 'spooled' });
    expect(
      ingest.logs.some(
        (line) => line['msg'] === 'kafka producer thread exited; starting a new one',
      ),
    ).toBe(true);

    // The new thread replays the spooled webhook, and takes new ones.
    const [replayed] = await ingest.read(ingest.topics.topic, 1);
    expect(replayed.key).toBe(CRASH_KEY);
    expect(JSON.parse(replayed.value!).payload).toEqual(JSON.parse(bodyOf(CRASH_KEY, 1)));
    let later = await ingest.post(bodyOf('user-after', 2), headersOf('user-after'));
    for (let tries = 0; JSON.parse(later.body).status !== 'accepted' && tries < 20; tries++) {
      // Behind a spool that still holds records, a webhook is spooled too (order per user).
      await new Promise((resolve) => setTimeout(resolve, 250));
      later = await ingest.post(bodyOf('user-after', 3 + tries), headersOf('user-after'));
    }
    expect(JSON.parse(later.body)).toMatchObject({ status: 'accepted' });
  });
});
