import {
  type AsleepSessionListItem,
  ListSessionsQuerySchema,
  MAX_LIST_SESSIONS_LIMIT,
  type SortOrder,
} from '@sleep/contracts';
import { z } from 'zod';
import type { Caller } from '../caller';
import { AsleepInvalidResponseError } from '../errors';
import { validateInput } from '../operation';
import { checkQuery, checkTimezone, checkUserId } from './inputs';
import { listSessions } from './sessions';

export interface IterateSessionsOptions {
  dateGte?: string;
  dateLte?: string;
  timezone?: string;
  /** Sessions per request, 1..100 (default 100). */
  pageSize?: number;
  /** ASC by default: sessions started while paging land after the cursor, not before it. */
  orderBy?: SortOrder;
}

const PageSizeSchema = z.int().min(1).max(MAX_LIST_SESSIONS_LIMIT);

/**
 * Every session of a user, page by page. S2 returns no total and no cursor, so a page shorter
 * than the page size is the last (Asleep contract S2).
 */
export function iterateSessions(
  caller: Caller,
  userId: string,
  options: IterateSessionsOptions = {},
): AsyncGenerator<AsleepSessionListItem, void, undefined> {
  const pageSize = validateInput(
    'listSessions',
    PageSizeSchema,
    options.pageSize ?? MAX_LIST_SESSIONS_LIMIT,
  );
  checkUserId('listSessions', userId);
  checkTimezone('listSessions', options.timezone);
  checkQuery(
    'listSessions',
    ListSessionsQuerySchema,
    { date_gte: options.dateGte, date_lte: options.dateLte, order_by: options.orderBy },
    { date_gte: 'dateGte', date_lte: 'dateLte', order_by: 'orderBy' },
  );
  return pages(caller, userId, { ...options, orderBy: options.orderBy ?? 'ASC' }, pageSize);
}

async function* pages(
  caller: Caller,
  userId: string,
  options: IterateSessionsOptions,
  pageSize: number,
): AsyncGenerator<AsleepSessionListItem, void, undefined> {
  const { dateGte, dateLte, timezone, orderBy } = options;
  let previousFirst: string | undefined;
  for (let offset = 0; ; offset += pageSize) {
    const page = await listSessions(caller, userId, {
      dateGte,
      dateLte,
      timezone,
      orderBy,
      offset,
      limit: pageSize,
    });
    const sessions = page.sleep_session_list;
    // A full page that repeats the previous one means the offset is ignored: stop rather than loop forever.
    if (
      sessions.length > pageSize ||
      (sessions.length > 0 && sessions[0].session_id === previousFirst)
    ) {
      throw new AsleepInvalidResponseError({
        operation: 'listSessions',
        detail: 'pagination did not advance',
      });
    }
    yield* sessions;
    if (sessions.length < pageSize) return;
    previousFirst = sessions[0].session_id;
  }
}
