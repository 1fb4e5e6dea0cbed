/** Wakes a polling loop as soon as there is work, instead of at its next poll. */
export class WakeSignal {
  private waiter?: () => void;
  private pending = false;

  wake(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on the next wake() (or one since the last wait), or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = () => {
        this.waiter = undefined;
        this.pending = false;
        finish();
      };
    });
  }
}
