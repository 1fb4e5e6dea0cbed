/**
 * Lets through at most `perWindow` lines per window and counts the rest, so a flood of refused
 * requests (401s from a scanner) cannot flood the logs; the metrics still count every request.
 * The first line of the next window says how many were left out.
 */
export class SampledLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly perWindow = 10,
    private readonly windowMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Calls `write` with the count of lines left out since the last one written, or does nothing
   * when this window's lines are spent.
   */
  take(write: (suppressedBefore: number) => void): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written >= this.perWindow) {
      this.suppressed++;
      return;
    }
    this.written++;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    write(suppressed);
  }
}
