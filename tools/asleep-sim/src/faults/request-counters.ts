/** Outcome of a request as counted: an HTTP status, or `dropped` when the socket was destroyed. */
export type RequestOutcome = number | 'dropped';

export interface RequestCountsSnapshot {
  readonly total: number;
  /** Requests received per route key (`POST /ai/v1/users`, `unmatched` for unknown routes). */
  readonly byRoute: Record<string, number>;
  /** Outcomes per route key: `{ "GET /ai/v1/users/:user_id": { "200": 3, "503": 1 } }`. */
  readonly outcomes: Record<string, Record<string, number>>;
}

/** What the sim received, so tests can assert that a client retried. */
export class RequestCounters {
  private received = new Map<string, number>();
  private outcomes = new Map<string, Map<string, number>>();

  recordReceived(route: string): void {
    this.received.set(route, (this.received.get(route) ?? 0) + 1);
  }

  recordOutcome(route: string, outcome: RequestOutcome): void {
    const byOutcome = this.outcomes.get(route) ?? new Map<string, number>();
    byOutcome.set(String(outcome), (byOutcome.get(String(outcome)) ?? 0) + 1);
    this.outcomes.set(route, byOutcome);
  }

  /** Requests received for a route key, or in total. */
  count(route?: string): number {
    if (route !== undefined) return this.received.get(route) ?? 0;
    return [...this.received.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Responses with `outcome` for a route key, or over all routes. */
  countOutcome(outcome: RequestOutcome, route?: string): number {
    const routes =
      route === undefined ? [...this.outcomes.values()] : [this.outcomes.get(route) ?? new Map()];
    return routes.reduce((sum, byOutcome) => sum + (byOutcome.get(String(outcome)) ?? 0), 0);
  }

  snapshot(): RequestCountsSnapshot {
    return {
      total: this.count(),
      byRoute: Object.fromEntries(this.received),
      outcomes: Object.fromEntries(
        [...this.outcomes].map(([route, byOutcome]) => [route, Object.fromEntries(byOutcome)]),
      ),
    };
  }

  reset(): void {
    this.received.clear();
    this.outcomes.clear();
  }
}
