import { AsleepClient, type AsleepClientOptions, isAsleepError } from '@sleep/asleep-client';

/** A user id no Asleep user has, looked up only to see whether Asleep accepts a key. */
const KEY_PROBE_USER = 'G-key-check';

/** Options every tenant's client shares; each tenant adds its own key. */
export type SharedAsleepOptions = Omit<AsleepClientOptions, 'apiKey'>;

/**
 * One Asleep client per tenant: its own key, pool and breaker, so one tenant's revoked key or
 * exhausted quota never trips the breaker of another.
 */
export class AsleepClients {
  private readonly clients = new Map<string, { keyDigest: string; client: AsleepClient }>();
  private readonly retiring = new Set<NodeJS.Timeout>();

  constructor(private readonly shared: SharedAsleepOptions) {}

  /** The tenant's client for this key; a changed key gets a new client and the old one drains. */
  get(tenantId: string, keyDigest: string, openKey: () => string): AsleepClient {
    const known = this.clients.get(tenantId);
    if (known?.keyDigest === keyDigest) return known.client;
    const client = new AsleepClient({ ...this.shared, apiKey: openKey() });
    this.clients.set(tenantId, { keyDigest, client });
    if (known) this.retire(known.client);
    return client;
  }

  /**
   * Whether Asleep accepts a key, asked with a lookup of a user that cannot exist (Asleep
   * contract U2): 404 means the key was accepted, 401/403 that it was refused. Anything else
   * (unavailable, rate limited) is thrown: the answer is unknown.
   */
  async accepts(apiKey: string): Promise<boolean> {
    const probe = new AsleepClient({ ...this.shared, apiKey });
    try {
      await probe.getUser(KEY_PROBE_USER);
      return true;
    } catch (error) {
      if (isAsleepError(error) && error.kind === 'not_found') return true;
      if (isAsleepError(error) && (error.kind === 'unauthorized' || error.kind === 'forbidden'))
        return false;
      throw error;
    } finally {
      await probe.close();
    }
  }

  async closeAll(): Promise<void> {
    for (const timer of this.retiring) clearTimeout(timer);
    this.retiring.clear();
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
    this.clients.clear();
  }

  /** Calls in flight on the old key finish before its pool closes. */
  private retire(client: AsleepClient): void {
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      void client.close();
    }, 60_000);
    timer.unref();
    this.retiring.add(timer);
  }
}
