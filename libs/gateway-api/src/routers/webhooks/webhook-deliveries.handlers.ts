import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import type { AuthedContext } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import type { WebhookDeliveriesListInput, WebhookReplayInput } from './webhook-deliveries.schema';

export async function listDeliveriesHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: WebhookDeliveriesListInput;
}) {
  const page = await ctx.deps.webhooks.endpoints.deliveries(ctx.principal.tenantId, input);
  if (!page) throw notFound('Webhook endpoint');
  return page;
}

/** Sends deliveries again (same `webhook-id`, so a receiver may recognise what it already has). */
export async function replayHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: WebhookReplayInput;
}) {
  const { endpointId, deliveryId, from, to } = input;
  // The schema admits a delivery id, or both ends of a range.
  const selection = deliveryId ? { deliveryId } : { from: from ?? '', to: to ?? '' };
  return audited(
    ctx.deps,
    {
      tenantId: ctx.principal.tenantId,
      actor: actorOf(ctx.principal),
      action: 'webhook.replay',
      target: { kind: 'webhook-endpoint', id: endpointId },
      details: selection,
    },
    async () => {
      const replayed = await ctx.deps.webhooks.endpoints.replay(
        ctx.principal.tenantId,
        endpointId,
        selection,
      );
      if (replayed === null) throw notFound('Webhook endpoint');
      if (deliveryId && replayed === 0) throw notFound('Webhook delivery');
      return { replayed };
    },
    (result) => result,
  );
}
