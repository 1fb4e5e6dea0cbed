import type {
  ChangeType,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
} from '@sleep/contracts';
import type { TargetPolicy } from '@sleep/outbound-webhooks';

export interface NewWebhookEndpoint {
  url: string;
  description: string;
  eventTypes: ChangeType[];
  secret: string;
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string;
  eventTypes?: ChangeType[];
  /** False: disabled by an admin; true: enabled again (failures forgotten, pending deliveries due). */
  enabled?: boolean;
}

export interface WebhookDeliveryQuery {
  endpointId: string;
  status?: WebhookDeliveryStatus;
  limit: number;
  /** From the previous page's `nextCursor`: deliveries older than it. */
  cursor?: string;
}

export interface WebhookDeliveryPage {
  /** Newest first. */
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
}

/** Which deliveries of an endpoint to send again: one, or those of changes in [from, to). */
export type WebhookReplaySelection = { deliveryId: string } | { from: string; to: string };

/**
 * A tenant's webhook endpoints and their outbox; every call is scoped to the tenant, so one
 * tenant's id names nothing of another's (answered as absent).
 */
export interface WebhookEndpointStore {
  create(tenantId: string, endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  list(tenantId: string): Promise<WebhookEndpoint[]>;
  get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | null>;
  update(
    tenantId: string,
    endpointId: string,
    patch: WebhookEndpointPatch,
  ): Promise<WebhookEndpoint | null>;
  /** The endpoint and its outbox; false when there was none. */
  remove(tenantId: string, endpointId: string): Promise<boolean>;
  /** The new secret signs from now on; the current one too until `previousExpiresAt`. */
  rotateSecret(
    tenantId: string,
    endpointId: string,
    secret: string,
    previousExpiresAt: Date,
  ): Promise<WebhookEndpoint | null>;
  deliveries(tenantId: string, query: WebhookDeliveryQuery): Promise<WebhookDeliveryPage | null>;
  /** A deleted tenant's endpoints, their secrets and outbox. */
  removeTenant(tenantId: string): Promise<void>;
  /** Makes the selected deliveries due again; how many; null when the endpoint is not the tenant's. */
  replay(
    tenantId: string,
    endpointId: string,
    selection: WebhookReplaySelection,
  ): Promise<number | null>;
}

export interface WebhooksDeps {
  endpoints: WebhookEndpointStore;
  /** Where endpoints may point (https and public addresses in production). */
  targets: TargetPolicy;
  /** How long a rotated-out secret keeps signing beside the new one. */
  secretGraceSeconds: number;
}
