import { Injectable } from '@nestjs/common';
import type { UserDay } from './fact-writer';

type Listener = (days: readonly UserDay[]) => Promise<void>;

/** Who wants to know that facts changed (reports, insights); called after the facts are durable. */
@Injectable()
export class FactChanges {
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async publish(days: readonly UserDay[]): Promise<void> {
    if (days.length === 0) return;
    for (const listener of this.listeners) await listener(days);
  }
}
