import {
  AverageStatsQuerySchema,
  AverageStatsResponseSchema,
  type AverageStatsResult,
} from '@sleep/contracts';
import { z } from 'zod';
import type { Caller } from '../caller';
import type { OperationSpec } from '../operation';
import { parseBody } from '../responses';
import { checkQuery, checkTimezone, checkUserId, queryString } from './inputs';

/** A1 query: both dates required, `YYYY-MM-DD`, a window of at most 100 days (Asleep contract A1). */
export interface AverageStatsOptions {
  startDate: string;
  endDate: string;
  timezone?: string;
}

const averageStatsSpec: OperationSpec = {
  name: 'getAverageStats',
  idempotent: true,
  notFoundIsDone: false,
};
const AverageStatsResponse = z.compile(AverageStatsResponseSchema);
const NAMES = { start_date: 'startDate', end_date: 'endDate' };

export async function getAverageStats(
  caller: Caller,
  userId: string,
  options: AverageStatsOptions,
): Promise<AverageStatsResult> {
  const query = checkQuery(
    'getAverageStats',
    AverageStatsQuerySchema,
    { start_date: options?.startDate, end_date: options?.endDate },
    NAMES,
  );
  const request = {
    method: 'GET' as const,
    path: `/data/v1/users/${encodeURIComponent(checkUserId('getAverageStats', userId))}/average-stats${queryString(query)}`,
    timezone: checkTimezone('getAverageStats', options.timezone),
  };
  return caller.call(
    averageStatsSpec,
    request,
    (response) => parseBody('getAverageStats', AverageStatsResponse, response).result,
  );
}
