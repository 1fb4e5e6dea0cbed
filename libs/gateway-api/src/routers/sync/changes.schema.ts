import { SyncChangesInputSchema, SyncChangesResultSchema } from '@sleep/contracts';

export const SyncChangesOutputSchema = SyncChangesResultSchema;
export { SyncChangesInputSchema };
