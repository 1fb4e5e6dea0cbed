/** Refills `capacity` tokens evenly over `windowMs`; one token per request. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly clock: () => number,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock();
  }

  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) * this.capacity) / this.windowMs,
    );
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
