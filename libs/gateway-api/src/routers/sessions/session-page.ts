import type { ListSessionsResult } from '@sleep/contracts';
import type { SessionPage } from '../../ports/sessions.port';

/** One list page, from the store or from Asleep. S2 has no total: a full page may have a next one (Asleep contract S2). */
export function toSessionPage(
  page: ListSessionsResult,
  { offset, limit }: { offset: number; limit: number },
): SessionPage {
  const sessions = page.sleep_session_list;
  return {
    timezone: page.timezone,
    sessions,
    nextOffset: sessions.length === limit ? offset + limit : null,
  };
}
