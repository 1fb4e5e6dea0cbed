import type { Principal } from '../auth/principal';
import type { Context } from '../context';
import { withUnavailableDatabase } from '../errors/database-unavailable';
import { enforceRateLimits } from '../middleware/rate-limit.middleware';
import { assertTenantServes } from '../middleware/tenant-status';
import { meterUsage } from '../middleware/usage-meter';
import { LruCache } from './lru-cache';
import { isImmutable } from './serialized-results';

export type Replay = { hit: true; data: object } | { hit: false };

/**
 * The answers of queries whose result is immutable (completed sessions while they are cached),
 * kept per caller and exact input, so the same call again is answered without running the
 * procedure. The caller is still authenticated, rate limited and metered like any call. An
 * answer is given again only while its object is still held by the session cache, so a
 * deletion (of the session or its user) ends it at once; the caller's role and the tenant's
 * default zone are part of the key, since the answer depends on them.
 */
export class CallReplay {
  private readonly answers = new LruCache<object>(20_000);

  /** Runs before the procedure and its middleware: an unreachable database is answered 503 here too. */
  async replay(ctx: Context, path: string, input: unknown): Promise<Replay> {
    try {
      return await this.replayed(ctx, path, input);
    } catch (error) {
      throw withUnavailableDatabase(ctx, path, error);
    }
  }

  /**
   * After a call that succeeded: keeps its answer if the answer is immutable. Never fails the
   * call: an answer not kept is only a call that runs again.
   */
  async remember(ctx: Context, path: string, input: unknown, data: unknown): Promise<void> {
    if (!isImmutable(data)) return;
    try {
      this.answers.set(await this.keyOf(ctx, await ctx.authenticate(), path, input), data);
    } catch (error) {
      ctx.deps.logger.warn({ err: error, path }, 'answer not kept for replay');
    }
  }

  private async replayed(ctx: Context, path: string, input: unknown): Promise<Replay> {
    const principal = await ctx.authenticate();
    const key = await this.keyOf(ctx, principal, path, input);
    const data = this.answers.get(key);
    if (!data) return { hit: false };
    if (!isImmutable(data)) {
      this.answers.delete(key);
      return { hit: false };
    }
    await meterUsage(ctx.deps, principal, path, async () => {
      await assertTenantServes(ctx.deps, principal);
      return enforceRateLimits(ctx.deps, principal, async () => ({ ok: true as const }));
    });
    return { hit: true, data };
  }

  private async keyOf(
    ctx: Context,
    principal: Principal,
    path: string,
    input: unknown,
  ): Promise<string> {
    const tenant = await ctx.deps.tenants.get(principal.tenantId);
    return [
      principal.tenantId,
      principal.appUserId,
      principal.role,
      tenant?.defaultTimezone ?? '',
      path,
      JSON.stringify(input) ?? '',
    ].join('\u0000');
  }
}
