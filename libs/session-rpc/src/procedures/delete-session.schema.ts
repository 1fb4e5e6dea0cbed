import { AsleepSessionIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { scope } from './common.schema';

/** Asleep S3: `DELETE /ai/v1/sessions/{session_id}`, then here. */
export const DeleteSessionInputSchema = z.object({ ...scope, sessionId: AsleepSessionIdSchema });
export type DeleteSessionInput = z.infer<typeof DeleteSessionInputSchema>;
