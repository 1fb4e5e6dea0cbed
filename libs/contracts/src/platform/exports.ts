import { z } from 'zod';
import { CalendarDateSchema } from '../asleep/common';

/** The longest period a research export covers. */
export const MAX_RESEARCH_EXPORT_DAYS = 400;

const DAY_MS = 86_400_000;

/** What one user's export is written as: FHIR R4 Bundle, Open mHealth data points, or everything held. */
export const UserExportFormatSchema = z.enum(['fhir', 'omh', 'json']);
export type UserExportFormat = z.infer<typeof UserExportFormatSchema>;

/** Audit actions of exports: a user's data (any format) and a tenant's research export. */
export const EXPORT_AUDIT_ACTIONS = {
  user: 'export.user',
  researchCreate: 'export.research.create',
  researchDownload: 'export.research.download',
} as const;

/** A research export's period: sleep days `from`..`to`, both included, at most 400 days. */
export const ResearchExportRequestSchema = z
  .object({
    from: CalendarDateSchema.describe('First sleep day, included'),
    to: CalendarDateSchema.describe('Last sleep day, included'),
    includeTags: z
      .boolean()
      .default(false)
      .describe("Add the users' tags as quasi-identifiers (generalised like the others)"),
  })
  .superRefine(({ from, to }, ctx) => {
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (days > MAX_RESEARCH_EXPORT_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A research export spans at most ${MAX_RESEARCH_EXPORT_DAYS} days`,
      });
  });
export type ResearchExportRequest = z.infer<typeof ResearchExportRequestSchema>;

export const ExportStatusSchema = z.enum(['pending', 'running', 'complete', 'failed']);
export type ExportStatus = z.infer<typeof ExportStatusSchema>;

/** Pass 1 reads every fact to size the quasi-identifier groups, pass 2 writes the rows. */
export const ExportPhaseSchema = z.enum(['waiting', 'sizing-groups', 'writing-rows', 'done']);
export type ExportPhase = z.infer<typeof ExportPhaseSchema>;

export const ExportProgressSchema = z.object({
  phase: ExportPhaseSchema,
  factsRead: z.int().min(0),
  rowsWritten: z.int().min(0),
  /** Rows whose quasi-identifiers were generalised (their group had fewer than k users). */
  rowsGeneralised: z.int().min(0),
  /** Rows left out: even with nothing released, fewer than k users would share them. */
  rowsDropped: z.int().min(0),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

/**
 * A research export: created, then downloaded once (its pseudonym key lives only for that
 * download); its status and progress can be read meanwhile from any replica.
 */
export const ResearchExportJobSchema = z.object({
  exportId: z.uuid(),
  status: ExportStatusSchema,
  from: CalendarDateSchema,
  to: CalendarDateSchema,
  includeTags: z.boolean(),
  /** k in force when the export was created. */
  minGroupSize: z.int().min(1),
  progress: ExportProgressSchema,
  requestedBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The error code when it failed (`ABORTED`: the download was cut short). */
  error: z.string().nullable(),
});
export type ResearchExportJob = z.infer<typeof ResearchExportJobSchema>;

/** Marks a quasi-identifier hidden by k-anonymity (analytics definitions, section 8). */
export const SUPPRESSED = '*';

/**
 * One de-identified row of a research export: one night. `participant` is a pseudonym valid
 * within this export only; no Asleep id, no app user id, no session id, no instant (the sleep
 * day and times of day in the night's own zone carry what research needs).
 */
export const ResearchExportRowSchema = z.object({
  participant: z.string().regex(/^p-[0-9a-f]{16}$/),
  sleep_day: CalendarDateSchema,
  age_band: z.string(),
  gender: z.string(),
  tags: z.string(),
  nap: z.boolean(),
  main_sleep: z.boolean(),
  slept: z.boolean(),
  time_in_bed: z.int().nullable(),
  time_in_sleep: z.int().nullable(),
  sleep_latency: z.int().nullable(),
  time_in_wake: z.int().nullable(),
  time_in_light: z.int().nullable(),
  time_in_deep: z.int().nullable(),
  time_in_rem: z.int().nullable(),
  sleep_efficiency: z.number().nullable(),
  waso_count: z.int().nullable(),
  score: z.int().nullable(),
  score_version: z.string().nullable(),
});
export type ResearchExportRow = z.infer<typeof ResearchExportRowSchema>;

export const RESEARCH_EXPORT_COLUMNS = Object.keys(
  ResearchExportRowSchema.shape,
) as (keyof ResearchExportRow)[];
