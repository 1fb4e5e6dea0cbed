import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TENANT_UPDATED, Topics } from '@sleep/contracts';
import { sampleInferenceComplete, sampleUserId } from '@sleep/contracts/testing';
import { BatchingProducer, DEV_EVENT_SIGNING_SEED, MessageSigner } from '@sleep/messaging';
import { collectFrom, topicEnds, type TopicCollector } from '@sleep/testkit';
import { startIngest, type IngestFixture } from '../testing/ingest-fixture';

jest.setTimeout(90_000);

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

/** A tenant's state as the gateway announces it on `platform.tenants.v1`. */
const tenantState = (tenantId: string, apiKey: string) => ({
  eventId: `${tenantId}@1`,
  type: TENANT_UPDATED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: tenantId,
  payload: {
    tenantId,
    name: tenantId,
    revision: 1,
    webhookKeys: [{ sha256: sha256(apiKey), validUntil: null }],
    defaultTimezone: 'UTC',
  },
});

describe('tenant keys from platform.tenants.v1: only what the gateway signed', () => {
  let ingest: IngestFixture;
  let producer: BatchingProducer;
  let deadLetters: TopicCollector;
  const genuine = {
    tenant: `signed-${randomBytes(3).toString('hex')}`,
    key: `sk-${randomBytes(12).toString('hex')}`,
  };
  const forged = {
    tenant: `forged-${randomBytes(3).toString('hex')}`,
    key: `sk-${randomBytes(12).toString('hex')}`,
  };
  const post = (apiKey: string) =>
    ingest.post(JSON.stringify(sampleInferenceComplete), {
      'content-type': 'application/json',
      'x-api-key': apiKey,
      'x-user-id': sampleUserId,
    });

  beforeAll(async () => {
    ingest = await startIngest({ env: { WEBHOOK_API_KEYS: '' } });
    producer = new BatchingProducer(ingest.kafka);
    deadLetters = await collectFrom(
      ingest.kafka,
      Topics.tenantsDlq.name,
      await topicEnds(ingest.kafka, Topics.tenantsDlq.name),
    );
  });

  afterAll(async () => {
    await Promise.all([deadLetters?.stop(), producer?.disconnect()]);
    await ingest?.close();
  });

  it('accepts webhooks with a signed key, dead-letters an unsigned or forged announcement and refuses its key', async () => {
    const topic = Topics.tenants.name;
    const signed = (tenant: string, apiKey: string, signer: MessageSigner) => {
      const value = JSON.stringify(tenantState(tenant, apiKey));
      return { key: tenant, value, headers: signer.headers(topic, tenant, value) };
    };
    await producer.publish(topic, [
      { key: forged.tenant, value: JSON.stringify(tenantState(forged.tenant, forged.key)) },
      signed(forged.tenant, forged.key, new MessageSigner(randomBytes(32).toString('base64'))),
      signed(genuine.tenant, genuine.key, new MessageSigner(DEV_EVENT_SIGNING_SEED)),
    ]);
    const dead = await deadLetters.waitFor(
      (messages) => messages.filter((m) => m.key === forged.tenant).length >= 2,
    );
    expect(
      dead.filter((m) => m.key === forged.tenant).map((m) => m.headers['x-dlq-reason']),
    ).toEqual(['unsigned', 'signature-invalid']);
    let status = 0;
    for (let waited = 0; status !== 200 && waited < 20_000; waited += 200) {
      status = (await post(genuine.key)).status;
      if (status !== 200) await sleep(200);
    }
    expect(status).toBe(200);
    expect((await post(forged.key)).status).toBe(401);
  });
});
