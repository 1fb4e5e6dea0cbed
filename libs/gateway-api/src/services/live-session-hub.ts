export interface HubEvent<T> {
  /** Stable across replicas (the record's Kafka coordinates), so a client may resume on any of them. */
  id: string;
  tenantId: string;
  asleepUserId: string;
  data: T;
}

export interface LiveHubOptions {
  /** Events kept per user for resuming; a night at 5-minute windows is about 100. */
  bufferPerUser?: number;
  /** Buffers of users without news for this long are dropped. */
  idleMs?: number;
  /** A subscriber this far behind is cut off; it resumes with its last event id. */
  maxQueued?: number;
  now?: () => number;
}

interface Subscriber<T> {
  queue: HubEvent<T>[];
  wake: (() => void) | null;
  overflowed: boolean;
}

interface Channel<T> {
  buffer: HubEvent<T>[];
  subscribers: Set<Subscriber<T>>;
  touchedAtMs: number;
}

/**
 * Fans session events out to the subscriptions of their user, and keeps a short history per
 * user so a reconnecting client gets what it missed after its last event id.
 */
export class LiveSessionHub<T> {
  private readonly channels = new Map<string, Channel<T>>();
  private readonly bufferPerUser: number;
  private readonly idleMs: number;
  private readonly maxQueued: number;
  private readonly now: () => number;
  private sweptAtMs = 0;
  private closed = false;

  constructor(options: LiveHubOptions = {}) {
    this.bufferPerUser = options.bufferPerUser ?? 300;
    this.idleMs = options.idleMs ?? 6 * 60 * 60 * 1000;
    this.maxQueued = options.maxQueued ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  publish(event: HubEvent<T>): void {
    const channel = this.channel(event.tenantId, event.asleepUserId);
    if (channel.buffer.some((seen) => seen.id === event.id)) return;
    channel.buffer.push(event);
    if (channel.buffer.length > this.bufferPerUser) channel.buffer.shift();
    for (const subscriber of channel.subscribers) {
      if (subscriber.queue.length >= this.maxQueued) subscriber.overflowed = true;
      else subscriber.queue.push(event);
      subscriber.wake?.();
    }
    this.sweep();
  }

  /** Missed events after `lastEventId` first (all buffered ones if the id is unknown), then live ones. */
  async *stream(options: {
    tenantId: string;
    asleepUserId: string;
    lastEventId?: string | null;
    signal?: AbortSignal;
  }): AsyncGenerator<HubEvent<T>> {
    const channel = this.channel(options.tenantId, options.asleepUserId);
    const subscriber: Subscriber<T> = { queue: [], wake: null, overflowed: false };
    if (options.lastEventId) {
      const seen = channel.buffer.findIndex((event) => event.id === options.lastEventId);
      subscriber.queue.push(...channel.buffer.slice(seen + 1));
    }
    channel.subscribers.add(subscriber);
    const onAbort = () => subscriber.wake?.();
    options.signal?.addEventListener('abort', onAbort);
    try {
      while (!options.signal?.aborted && !this.closed) {
        const next = subscriber.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        // What was queued is delivered; the client resumes after it with its last event id.
        if (subscriber.overflowed) break;
        await new Promise<void>((resolve) => (subscriber.wake = resolve));
        subscriber.wake = null;
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      channel.subscribers.delete(subscriber);
    }
  }

  /**
   * Ends every stream (on shutdown): open SSE responses would otherwise hold the server open.
   * Clients reconnect, to another replica, and resume after their last event.
   */
  close(): void {
    this.closed = true;
    for (const channel of this.channels.values())
      for (const subscriber of channel.subscribers) subscriber.wake?.();
  }

  subscriberCount(): number {
    let count = 0;
    for (const channel of this.channels.values()) count += channel.subscribers.size;
    return count;
  }

  private channel(tenantId: string, asleepUserId: string): Channel<T> {
    const key = `${tenantId}\u0000${asleepUserId}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { buffer: [], subscribers: new Set(), touchedAtMs: this.now() };
      this.channels.set(key, channel);
    }
    channel.touchedAtMs = this.now();
    return channel;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.sweptAtMs < 60_000) return;
    this.sweptAtMs = now;
    for (const [key, channel] of this.channels) {
      if (channel.subscribers.size === 0 && now - channel.touchedAtMs > this.idleMs)
        this.channels.delete(key);
    }
  }
}
