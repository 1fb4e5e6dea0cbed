import { procedureFor, router } from '../../trpc';
import { syncChangesHandler } from './changes.handler';
import { SyncChangesInputSchema, SyncChangesOutputSchema } from './changes.schema';
import { syncLiveHandler } from './live.handler';
import { SyncLiveInputSchema } from './live.schema';

/** Operators manage tenants and never read their data, so the feed is not theirs. */
const readers = () => procedureFor('member', 'analyst', 'admin');

/** The change feed: catching up after being offline, and following it live. */
export const syncRouter = router({
  changes: readers()
    .meta({
      openapi: {
        method: 'GET',
        path: '/sync/changes',
        tags: ['sync'],
        summary: 'Changes after a cursor, in order (or a resync answer)',
        description:
          'Every change to the data the caller may see (nights progressed, completed, deleted; ' +
          'reports; insights; users deleted) after `cursor`, oldest first, at most `limit`, with ' +
          'the cursor to pass next time. `status: "resync"` means the cursor is older than the ' +
          "feed's retention (`cursor_expired`) or not this feed's (`cursor_unknown`): rebuild " +
          'from the regular queries, then continue from the returned cursor.',
      },
    })
    .input(SyncChangesInputSchema)
    .output(SyncChangesOutputSchema)
    .query(syncChangesHandler),
  /** Server-sent events; not part of the REST surface. */
  live: readers().input(SyncLiveInputSchema).subscription(syncLiveHandler),
});
