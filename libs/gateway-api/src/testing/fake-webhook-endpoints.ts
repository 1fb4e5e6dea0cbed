import { randomBytes } from 'node:crypto';
import type { WebhookEndpoint } from '@sleep/contracts';
import type {
  NewWebhookEndpoint,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpointPatch,
  WebhookEndpointStore,
  WebhookReplaySelection,
} from '../ports/webhooks.port';

interface Held {
  tenantId: string;
  endpoint: WebhookEndpoint;
  secrets: string[];
}

/** Endpoints in memory, for procedure tests; deliveries are the app's (none here). */
export class FakeWebhookEndpoints implements WebhookEndpointStore {
  readonly held = new Map<string, Held>();
  readonly replays: { endpointId: string; selection: WebhookReplaySelection }[] = [];

  private mine(tenantId: string, endpointId: string): Held | null {
    const held = this.held.get(endpointId);
    return held && held.tenantId === tenantId ? held : null;
  }

  async create(tenantId: string, input: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const endpoint: WebhookEndpoint = {
      id: `ep_${randomBytes(10).toString('hex')}`,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      status: 'enabled',
      disabledReason: null,
      previousSecretExpiresAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      lastSuccessAt: null,
      createdAt: new Date().toISOString(),
    };
    this.held.set(endpoint.id, { tenantId, endpoint, secrets: [input.secret] });
    return endpoint;
  }

  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    return [...this.held.values()].filter((h) => h.tenantId === tenantId).map((h) => h.endpoint);
  }

  async get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | null> {
    return this.mine(tenantId, endpointId)?.endpoint ?? null;
  }

  async update(tenantId: string, endpointId: string, patch: WebhookEndpointPatch) {
    const held = this.mine(tenantId, endpointId);
    if (!held) return null;
    const { enabled, ...fields } = patch;
    held.endpoint = { ...held.endpoint, ...fields };
    if (enabled !== undefined)
      held.endpoint = {
        ...held.endpoint,
        status: enabled ? 'enabled' : 'disabled',
        disabledReason: enabled ? null : 'manual',
      };
    return held.endpoint;
  }

  async remove(tenantId: string, endpointId: string): Promise<boolean> {
    return !!this.mine(tenantId, endpointId) && this.held.delete(endpointId);
  }

  async rotateSecret(tenantId: string, endpointId: string, secret: string, until: Date) {
    const held = this.mine(tenantId, endpointId);
    if (!held) return null;
    held.secrets = [secret, held.secrets[0]];
    held.endpoint = { ...held.endpoint, previousSecretExpiresAt: until.toISOString() };
    return held.endpoint;
  }

  async deliveries(
    tenantId: string,
    query: WebhookDeliveryQuery,
  ): Promise<WebhookDeliveryPage | null> {
    return this.mine(tenantId, query.endpointId) ? { deliveries: [], nextCursor: null } : null;
  }

  async removeTenant(tenantId: string): Promise<void> {
    for (const [id, held] of this.held) if (held.tenantId === tenantId) this.held.delete(id);
  }

  async replay(tenantId: string, endpointId: string, selection: WebhookReplaySelection) {
    if (!this.mine(tenantId, endpointId)) return null;
    this.replays.push({ endpointId, selection });
    return 0;
  }
}
