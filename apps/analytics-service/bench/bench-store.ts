// The store the analytics benchmark loads (10,000 users x 100 nights of tenant `bench`) and the
// calls every read bench makes of it, named once.
export const BENCH_TENANT = 'bench';

export const benchUserId = (i: number) => `G-20250301093015-Bench${String(i).padStart(8, '0')}`;

/** The i-th call's user: consecutive calls spread over the store's users (7919 is prime). */
export const benchUserOfCall = (i: number, users = 10_000) => benchUserId((i * 7919) % users);

/** A1 over the store's 100 days. */
export const averageInput = (userId: string) => ({
  tenantId: BENCH_TENANT,
  userId,
  start_date: '2025-01-01',
  end_date: '2025-04-10',
  timezone: 'Asia/Seoul',
});
