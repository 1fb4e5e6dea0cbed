import type { WebhookEndpoint } from '@sleep/contracts';
import { generateSecret, refusalOf } from '@sleep/outbound-webhooks';
import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import type { AuthedContext } from '../../auth/subject';
import { gatewayError, notFound } from '../../errors/gateway-error';
import type {
  CreateWebhookEndpointInput,
  EndpointIdInput,
  EndpointWithSecret,
  UpdateWebhookEndpointInput,
} from './webhook-endpoints.schema';

type Call<I> = { ctx: AuthedContext; input: I };

/** Each endpoint multiplies every change of the tenant into a delivery: a bounded number. */
export const MAX_ENDPOINTS_PER_TENANT = 20;

function assertTarget(ctx: AuthedContext, url: string): void {
  const refusal = refusalOf(url, ctx.deps.webhooks.targets);
  if (refusal)
    throw gatewayError('BAD_REQUEST', refusal, { issues: [{ path: 'url', message: refusal }] });
}

const intent = (ctx: AuthedContext, action: string, endpointId: string) => ({
  tenantId: ctx.principal.tenantId,
  actor: actorOf(ctx.principal),
  action,
  target: { kind: 'webhook-endpoint', id: endpointId },
});

const found = (endpoint: WebhookEndpoint | null): WebhookEndpoint => {
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
};

export async function createEndpointHandler({
  ctx,
  input,
}: Call<CreateWebhookEndpointInput>): Promise<EndpointWithSecret> {
  assertTarget(ctx, input.url);
  const existing = await ctx.deps.webhooks.endpoints.list(ctx.principal.tenantId);
  if (existing.length >= MAX_ENDPOINTS_PER_TENANT)
    throw gatewayError(
      'BAD_REQUEST',
      `A tenant has at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first`,
    );
  const secret = generateSecret();
  const endpoint = await ctx.deps.webhooks.endpoints.create(ctx.principal.tenantId, {
    ...input,
    secret,
  });
  await audited(
    ctx.deps,
    {
      ...intent(ctx, 'webhook.endpoint.create', endpoint.id),
      details: { eventTypes: input.eventTypes },
    },
    async () => endpoint,
  );
  return { endpoint, secret };
}

export async function listEndpointsHandler({ ctx }: { ctx: AuthedContext }) {
  return { endpoints: await ctx.deps.webhooks.endpoints.list(ctx.principal.tenantId) };
}

export async function getEndpointHandler({ ctx, input }: Call<EndpointIdInput>) {
  return found(await ctx.deps.webhooks.endpoints.get(ctx.principal.tenantId, input.endpointId));
}

export async function updateEndpointHandler({ ctx, input }: Call<UpdateWebhookEndpointInput>) {
  const { endpointId, ...patch } = input;
  if (patch.url !== undefined) assertTarget(ctx, patch.url);
  return audited(
    ctx.deps,
    {
      ...intent(ctx, 'webhook.endpoint.update', endpointId),
      details: { fields: Object.keys(patch) },
    },
    async () =>
      found(await ctx.deps.webhooks.endpoints.update(ctx.principal.tenantId, endpointId, patch)),
  );
}

export async function deleteEndpointHandler({ ctx, input }: Call<EndpointIdInput>) {
  return audited(ctx.deps, intent(ctx, 'webhook.endpoint.delete', input.endpointId), async () => {
    if (!(await ctx.deps.webhooks.endpoints.remove(ctx.principal.tenantId, input.endpointId)))
      throw notFound('Webhook endpoint');
    return { deleted: true as const };
  });
}

/** A new secret; the replaced one keeps signing beside it for the grace period. */
export async function rotateSecretHandler({
  ctx,
  input,
}: Call<EndpointIdInput>): Promise<EndpointWithSecret> {
  const secret = generateSecret();
  const previousExpiresAt = new Date(Date.now() + ctx.deps.webhooks.secretGraceSeconds * 1_000);
  const endpoint = await audited(
    ctx.deps,
    {
      ...intent(ctx, 'webhook.endpoint.rotate', input.endpointId),
      details: { previousValidUntil: previousExpiresAt.toISOString() },
    },
    async () =>
      found(
        await ctx.deps.webhooks.endpoints.rotateSecret(
          ctx.principal.tenantId,
          input.endpointId,
          secret,
          previousExpiresAt,
        ),
      ),
  );
  return { endpoint, secret };
}
