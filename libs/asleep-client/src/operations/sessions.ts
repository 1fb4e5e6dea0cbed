import {
  GetSessionResponseSchema,
  ListSessionsQuerySchema,
  ListSessionsResponseSchema,
  type ListSessionsResult,
  type SleepData,
  type SortOrder,
} from '@sleep/contracts';
import { z } from 'zod';
import type { Caller } from '../caller';
import type { OperationSpec } from '../operation';
import { parseBody } from '../responses';
import { checkQuery, checkSessionId, checkTimezone, checkUserId, queryString } from './inputs';
import type { DeleteResult } from './users';

export interface TimezoneOption {
  /** IANA zone the datetimes are rendered in; Asleep defaults to UTC (Asleep contract 7.3). */
  timezone?: string;
}

/** S2 query in the caller's names; dates are `YYYY-MM-DD` in `timezone`. */
export interface ListSessionsOptions extends TimezoneOption {
  dateGte?: string;
  dateLte?: string;
  /** By session start; Asleep defaults to DESC. */
  orderBy?: SortOrder;
  offset?: number;
  /** 0..100; Asleep defaults to 20. */
  limit?: number;
}

const getSessionSpec: OperationSpec = {
  name: 'getSession',
  idempotent: true,
  notFoundIsDone: false,
};
const listSessionsSpec: OperationSpec = {
  name: 'listSessions',
  idempotent: true,
  notFoundIsDone: false,
};
const deleteSessionSpec: OperationSpec = {
  name: 'deleteSession',
  idempotent: true,
  notFoundIsDone: true,
};

const GetSessionResponse = z.compile(GetSessionResponseSchema);
const ListSessionsResponse = z.compile(ListSessionsResponseSchema);

const LIST_NAMES = {
  date_gte: 'dateGte',
  date_lte: 'dateLte',
  order_by: 'orderBy',
  offset: 'offset',
  limit: 'limit',
};

/** S1, the v3 path (Asleep contract S1). */
export async function getSession(
  caller: Caller,
  userId: string,
  sessionId: string,
  options: TimezoneOption = {},
): Promise<SleepData> {
  const request = {
    method: 'GET' as const,
    path: `/data/v3/sessions/${encodeURIComponent(checkSessionId('getSession', sessionId))}`,
    userId: checkUserId('getSession', userId),
    timezone: checkTimezone('getSession', options.timezone),
  };
  return caller.call(
    getSessionSpec,
    request,
    (response) => parseBody('getSession', GetSessionResponse, response).result,
  );
}

export async function listSessions(
  caller: Caller,
  userId: string,
  options: ListSessionsOptions = {},
): Promise<ListSessionsResult> {
  const query = checkQuery(
    'listSessions',
    ListSessionsQuerySchema,
    {
      date_gte: options.dateGte,
      date_lte: options.dateLte,
      order_by: options.orderBy,
      offset: options.offset,
      limit: options.limit,
    },
    LIST_NAMES,
  );
  const request = {
    method: 'GET' as const,
    path: `/data/v1/sessions${queryString(query)}`,
    userId: checkUserId('listSessions', userId),
    timezone: checkTimezone('listSessions', options.timezone),
  };
  return caller.call(
    listSessionsSpec,
    request,
    (response) => parseBody('listSessions', ListSessionsResponse, response).result,
  );
}

export async function deleteSession(
  caller: Caller,
  userId: string,
  sessionId: string,
): Promise<DeleteResult> {
  const request = {
    method: 'DELETE' as const,
    path: `/ai/v1/sessions/${encodeURIComponent(checkSessionId('deleteSession', sessionId))}`,
    userId: checkUserId('deleteSession', userId),
  };
  return caller.call(deleteSessionSpec, request, (response) => ({
    alreadyDeleted: response.status === 404,
  }));
}
