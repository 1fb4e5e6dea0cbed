import { setTimeout as sleep } from 'node:timers/promises';
import { sampleInferenceComplete } from '@sleep/contracts/testing';
import { token } from './support/dev-tokens';
import { startPlatform, type Platform } from './support/platform';

/** Until `probe` answers what `done` wants (ingest learns of a change from Kafka, not at once). */
async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('a tenant disabled and re-enabled by an operator, across webhook-ingest and the gateway', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  }, 300_000);
  afterAll(() => platform?.stop());

  const webhook = async () => {
    const response = await fetch(platform.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': platform.key,
        'x-user-id': sampleInferenceComplete.data.user_id,
      },
      body: JSON.stringify(sampleInferenceComplete),
    });
    return { status: response.status, body: await response.text() };
  };
  const operatorCall = async (path: string, body?: object) => {
    const response = await fetch(`${platform.gateway.url}/api/platform/tenants/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('platform', 'e2e-operator', 'operator')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body ?? {}),
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const memberMe = async () =>
    fetch(`${platform.gateway.url}/api/me`, {
      headers: { authorization: `Bearer ${await token(platform.tenantId, 'm1', 'member')}` },
    });

  it('answers webhooks 401 with the reason logged while disabled, refuses the API, and serves both again once enabled', async () => {
    const accepted = await eventually('the tenant key at ingest', webhook, (r) => r.status === 200);
    expect(accepted.body).toContain('"status"');

    const disabled = await operatorCall(`${platform.tenantId}/disable`, {
      reason: 'contract ended',
    });
    expect(disabled).toMatchObject({ status: 'disabled', statusReason: 'contract ended' });
    const refused = await eventually('ingest to refuse', webhook, (r) => r.status === 401);
    expect(refused.body).toBe('{"error":"tenant-disabled"}');
    await eventually(
      'the refusal logged with its reason',
      async () => platform.ingest.output(),
      (log) => /tenant disabled: contract ended/.test(log),
      10_000,
    );
    const api = await memberMe();
    expect(api.status).toBe(403);
    expect(await api.text()).toMatch(/disabled/);

    await operatorCall(`${platform.tenantId}/enable`);
    await eventually('ingest to accept again', webhook, (r) => r.status === 200);
    expect((await memberMe()).status).toBe(200);
  }, 120_000);
});
