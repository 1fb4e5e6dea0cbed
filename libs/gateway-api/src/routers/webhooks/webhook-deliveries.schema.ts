import {
  WebhookDeliverySchema,
  WebhookDeliveryStatusSchema,
  WebhookEndpointIdSchema,
  WebhookMessageIdSchema,
} from '@sleep/contracts';
import { z } from 'zod';

export const WebhookDeliveriesListInputSchema = z.object({
  endpointId: WebhookEndpointIdSchema,
  status: WebhookDeliveryStatusSchema.optional(),
  limit: z.int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'cursor is the nextCursor of the previous page')
    .optional(),
});
export type WebhookDeliveriesListInput = z.infer<typeof WebhookDeliveriesListInputSchema>;

export const WebhookDeliveriesListOutputSchema = z.object({
  deliveries: z.array(WebhookDeliverySchema),
  nextCursor: z.string().nullable(),
});

const MAX_REPLAY_RANGE_MS = 31 * 24 * 3_600_000;

export const WebhookReplayInputSchema = z
  .object({
    endpointId: WebhookEndpointIdSchema,
    deliveryId: WebhookMessageIdSchema.optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('Changes at or after this instant'),
    to: z.iso.datetime({ offset: true }).optional().describe('Changes before this instant'),
  })
  .refine(
    ({ deliveryId, from, to }) =>
      deliveryId !== undefined ? from === undefined && to === undefined : !!from && !!to,
    { message: 'Name either deliveryId, or both from and to' },
  )
  .refine(({ from, to }) => !from || !to || Date.parse(from) < Date.parse(to), {
    path: ['to'],
    message: 'to must be after from',
  })
  .refine(
    ({ from, to }) => !from || !to || Date.parse(to) - Date.parse(from) <= MAX_REPLAY_RANGE_MS,
    {
      path: ['to'],
      message: 'A replay spans at most 31 days',
    },
  );
export type WebhookReplayInput = z.infer<typeof WebhookReplayInputSchema>;

export const WebhookReplayOutputSchema = z.object({
  replayed: z.int().min(0).describe('Deliveries due again now'),
});
