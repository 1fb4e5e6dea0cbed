import {
  ResearchExportJobSchema,
  ResearchExportRequestSchema,
  UserExportFormatSchema,
} from '@sleep/contracts';
import { z } from 'zod';
import { AppUserIdSchema } from '../../auth/principal';

export const UserExportInputSchema = z.object({
  appUserId: AppUserIdSchema,
  format: UserExportFormatSchema.default('json'),
});
export type UserExportInput = z.infer<typeof UserExportInputSchema>;

export const CreateResearchExportInputSchema = ResearchExportRequestSchema;
export const ResearchExportIdInputSchema = z.object({ exportId: z.uuid() });
export type ResearchExportIdInput = z.infer<typeof ResearchExportIdInputSchema>;
export const ResearchExportOutputSchema = ResearchExportJobSchema;

/** A download: what the HTTP route sends, chunk by chunk, once the caller is allowed. */
export interface ExportDownload {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}
