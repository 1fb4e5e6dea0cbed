import { z } from 'zod';
import { SleepStageSchema, SnoringStageSchema } from './enums';

/** Asleep contract 7.1: one stage value per 30 s. */
export const EPOCH_SECONDS = 30;

/**
 * SDKs cut sessions at 24 h (2880 epochs), yet TOO_LONG_FOR_ANALYSIS exists (Asleep contract 6,
 * 7.4), so allow 30 h; anything longer is not a night and is rejected.
 */
export const MAX_SESSION_EPOCHS = 3600;

/*
 * webhook-ingest validates a body with its stage arrays cut to their distinct values, which
 * holds while every check of an integer array is per value or a maximum of MAX_SESSION_EPOCHS
 * (its webhook-inspection spec compares both on generated arrays).
 */
export const SleepStagesSchema = z.array(SleepStageSchema).max(MAX_SESSION_EPOCHS);
export type SleepStages = z.infer<typeof SleepStagesSchema>;

export const SnoringStagesSchema = z.array(SnoringStageSchema).max(MAX_SESSION_EPOCHS);
export type SnoringStages = z.infer<typeof SnoringStagesSchema>;

/** Value coding undocumented (Asleep contract 7.2): any integer. */
export const BreathStagesSchema = z.array(z.int()).max(MAX_SESSION_EPOCHS);
export type BreathStages = z.infer<typeof BreathStagesSchema>;
