import {
  AuditActorSchema,
  OffsetDateTimeSchema,
  OrgSettingsPatchSchema,
  OrgSettingsSchema,
  OrgSettingsVersionSchema,
} from '@sleep/contracts';
import { z } from 'zod';

export const GetOrgSettingsInputSchema = z.void();

/** The settings in force; version 0 and no author while the tenant runs on the defaults. */
export const OrgSettingsViewSchema = z.object({
  version: z.int().min(0),
  settings: OrgSettingsSchema,
  changedBy: AuditActorSchema.nullable(),
  changedAt: OffsetDateTimeSchema.nullable(),
});
export type OrgSettingsView = z.infer<typeof OrgSettingsViewSchema>;

export const UpdateOrgSettingsInputSchema = OrgSettingsPatchSchema;
export type UpdateOrgSettingsInput = z.infer<typeof UpdateOrgSettingsInputSchema>;

export const OrgSettingsHistoryInputSchema = z
  .object({
    limit: z.int().min(1).max(100).default(20),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/, 'cursor is the nextCursor of the previous page')
      .optional(),
  })
  .default({ limit: 20 });
export type OrgSettingsHistoryInput = z.infer<typeof OrgSettingsHistoryInputSchema>;

export const OrgSettingsHistoryOutputSchema = z.object({
  versions: z.array(OrgSettingsVersionSchema),
  nextCursor: z.string().nullable(),
});
