import { ChangeTypeSchema, WebhookEndpointIdSchema, WebhookEndpointSchema } from '@sleep/contracts';
import { z } from 'zod';

const UrlSchema = z.string().min(1).max(2_000).describe('Where deliveries are POSTed (https)');
const EventTypesSchema = z
  .array(ChangeTypeSchema)
  .min(1)
  .max(ChangeTypeSchema.options.length)
  .refine((types) => new Set(types).size === types.length, 'Each event type once')
  .describe('The change types delivered to this endpoint');
const DescriptionSchema = z.string().max(500);

export const CreateWebhookEndpointInputSchema = z.object({
  url: UrlSchema,
  eventTypes: EventTypesSchema,
  description: DescriptionSchema.default(''),
});
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInputSchema>;

/** The endpoint and its signing secret, shown this once. */
export const EndpointWithSecretSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z.string().describe('whsec_…: verify `webhook-signature` with it; shown only now'),
});
export type EndpointWithSecret = z.infer<typeof EndpointWithSecretSchema>;

export const EndpointIdInputSchema = z.object({ endpointId: WebhookEndpointIdSchema });
export type EndpointIdInput = z.infer<typeof EndpointIdInputSchema>;

export const UpdateWebhookEndpointInputSchema = z
  .object({
    endpointId: WebhookEndpointIdSchema,
    url: UrlSchema.optional(),
    eventTypes: EventTypesSchema.optional(),
    description: DescriptionSchema.optional(),
    enabled: z.boolean().optional().describe('false disables the endpoint; true enables it again'),
  })
  .refine(({ endpointId: _, ...patch }) => Object.values(patch).some((v) => v !== undefined), {
    message: 'Name at least one of url, eventTypes, description, enabled',
  });
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInputSchema>;

export const WebhookEndpointListOutputSchema = z.object({
  endpoints: z.array(WebhookEndpointSchema),
});

export const DeleteWebhookEndpointOutputSchema = z.object({ deleted: z.literal(true) });
