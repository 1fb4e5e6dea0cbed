import { type CompletedNight, SESSION_RPC_PREFIX, type SessionRouter } from '@sleep/session-rpc';
import type { ServiceTokenSigner } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/**
 * Every COMPLETE night session-service stores, in pages ordered by (user, session), so each
 * user's nights arrive together. A page that ends mid-user is held back until the user is whole.
 */
export async function* sessionServiceNights(
  baseUrl: string,
  tokens: ServiceTokenSigner,
  pageSize = 1_000,
): AsyncGenerator<CompletedNight[]> {
  const client = createTRPCClient<SessionRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl.replace(/\/+$/, '')}${SESSION_RPC_PREFIX}`,
        headers: () => tokens.headers('session-service'),
      }),
    ],
  });
  type Cursor = { asleepUserId: string; sessionId: string } | null;
  let after: Cursor = null;
  let carry: CompletedNight[] = [];
  for (;;) {
    const page: { nights: CompletedNight[]; next: Cursor } = await client.streamCompleted.query({
      after,
      limit: pageSize,
    });
    const nights = [...carry, ...page.nights];
    if (!page.next) {
      if (nights.length > 0) yield nights;
      return;
    }
    const lastUser = nights.at(-1)?.asleepUserId;
    const split = nights.findIndex((n) => n.asleepUserId === lastUser);
    carry = nights.slice(split);
    if (split > 0) yield nights.slice(0, split);
    after = page.next;
  }
}
