/** A bounded map that forgets the least recently used entry first, with an optional time to live. */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();
  /** The most recently used key: reading it again needs no reordering. */
  private newest: string | undefined;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
    /** Told of every value that leaves the cache other than by `delete`: evicted, replaced, expired. */
    private readonly onEvict?: (value: V) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      this.onEvict?.(entry.value);
      return undefined;
    }
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    const replaced = this.entries.get(key);
    if (replaced) {
      this.entries.delete(key);
      if (replaced.value !== value) this.onEvict?.(replaced.value);
    } else if (this.entries.size >= this.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, { value: V }];
      this.entries.delete(oldestKey);
      this.onEvict?.(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs: this.now() + this.ttlMs });
    this.newest = key;
  }

  delete(key: string): boolean {
    if (key === this.newest) this.newest = undefined;
    return this.entries.delete(key);
  }

  /** Drops every key starting with `prefix` (a user's or a tenant's entries); returns their values. */
  deletePrefix(prefix: string): V[] {
    const dropped: V[] = [];
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix)) {
        this.delete(key);
        dropped.push(entry.value);
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
  }
}
