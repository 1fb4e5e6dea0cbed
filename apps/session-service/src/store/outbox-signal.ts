import { Injectable } from '@nestjs/common';

/** Wakes the outbox relay as soon as a transaction stored events, instead of at its next poll. */
@Injectable()
export class OutboxSignal {
  private waiter?: () => void;
  private pending = false;

  wake(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on the next wake() (or a wake since the last wait), or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = () => {
        this.waiter = undefined;
        this.pending = false;
        done();
      };
    });
  }
}
