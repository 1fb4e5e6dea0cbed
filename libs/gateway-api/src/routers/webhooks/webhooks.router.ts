import { WebhookEndpointSchema } from '@sleep/contracts';
import { type GatewayMeta, procedureFor, router } from '../../trpc';
import { listDeliveriesHandler, replayHandler } from './webhook-deliveries.handlers';
import {
  WebhookDeliveriesListInputSchema,
  WebhookDeliveriesListOutputSchema,
  WebhookReplayInputSchema,
  WebhookReplayOutputSchema,
} from './webhook-deliveries.schema';
import {
  createEndpointHandler,
  deleteEndpointHandler,
  getEndpointHandler,
  listEndpointsHandler,
  rotateSecretHandler,
  updateEndpointHandler,
} from './webhook-endpoints.handlers';
import {
  CreateWebhookEndpointInputSchema,
  DeleteWebhookEndpointOutputSchema,
  EndpointIdInputSchema,
  EndpointWithSecretSchema,
  UpdateWebhookEndpointInputSchema,
  WebhookEndpointListOutputSchema,
} from './webhook-endpoints.schema';

const admin = procedureFor('admin');
const meta = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: `/webhooks/${string}`,
  summary: string,
): GatewayMeta => ({
  openapi: { method, path, tags: ['webhooks'], summary },
});

/** Outbound webhooks to the tenant's own backends (Standard Webhooks): tenant admins only. */
export const webhooksRouter = router({
  endpoints: router({
    create: admin
      .meta(meta('POST', '/webhooks/endpoints', 'Register an endpoint; its secret is shown once'))
      .input(CreateWebhookEndpointInputSchema)
      .output(EndpointWithSecretSchema)
      .mutation(createEndpointHandler),
    list: admin
      .meta(meta('GET', '/webhooks/endpoints', 'The endpoints, with their delivery health'))
      .output(WebhookEndpointListOutputSchema)
      .query(listEndpointsHandler),
    get: admin
      .meta(meta('GET', '/webhooks/endpoints/{endpointId}', 'One endpoint'))
      .input(EndpointIdInputSchema)
      .output(WebhookEndpointSchema)
      .query(getEndpointHandler),
    update: admin
      .meta(
        meta('PATCH', '/webhooks/endpoints/{endpointId}', 'Change, disable or enable an endpoint'),
      )
      .input(UpdateWebhookEndpointInputSchema)
      .output(WebhookEndpointSchema)
      .mutation(updateEndpointHandler),
    delete: admin
      .meta(meta('DELETE', '/webhooks/endpoints/{endpointId}', 'Delete an endpoint and its outbox'))
      .input(EndpointIdInputSchema)
      .output(DeleteWebhookEndpointOutputSchema)
      .mutation(deleteEndpointHandler),
    rotateSecret: admin
      .meta(
        meta(
          'POST',
          '/webhooks/endpoints/{endpointId}/rotate-secret',
          'A new secret; the old one keeps signing beside it for a grace period',
        ),
      )
      .input(EndpointIdInputSchema)
      .output(EndpointWithSecretSchema)
      .mutation(rotateSecretHandler),
  }),
  deliveries: router({
    list: admin
      .meta(
        meta(
          'GET',
          '/webhooks/deliveries',
          "An endpoint's deliveries and their attempts, newest first",
        ),
      )
      .input(WebhookDeliveriesListInputSchema)
      .output(WebhookDeliveriesListOutputSchema)
      .query(listDeliveriesHandler),
  }),
  replay: admin
    .meta(
      meta(
        'POST',
        '/webhooks/replay',
        'Send deliveries again: one by id, or those of a time range',
      ),
    )
    .input(WebhookReplayInputSchema)
    .output(WebhookReplayOutputSchema)
    .mutation(replayHandler),
});
