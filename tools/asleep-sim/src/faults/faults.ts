import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { chance, Rng } from '../random/prng';
import {
  FailNextInput,
  FailNextSchema,
  FaultConfig,
  FaultConfigInput,
  FaultConfigSchema,
} from './fault-config';
import { TokenBucket } from './token-bucket';

export type FaultAction =
  | { readonly kind: 'pass' }
  | { readonly kind: 'respond'; readonly status: number; readonly detail: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang'; readonly ms: number };

const PASS: FaultAction = { kind: 'pass' };
const respond = (status: number, detail = STATUS_CODES[status] ?? 'Error'): FaultAction => ({
  kind: 'respond',
  status,
  detail,
});

interface PendingFailure {
  remaining: number;
  readonly status: number;
  readonly detail?: string;
  readonly route?: string;
}

/** The fault knobs of the simulator; random decisions come from the sim's seeded PRNG. */
export class Faults {
  private config: FaultConfig = {};
  private failures: PendingFailure[] = [];
  private buckets = new Map<string, TokenBucket>();
  private quotaUsed = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Merges knobs into the current ones; a knob set to null is turned off. */
  set(patch: FaultConfigInput): FaultConfig {
    const parsed = FaultConfigSchema.parse(patch) as Record<string, unknown>;
    const next = { ...this.config } as Record<string, unknown>;
    for (const [knob, value] of Object.entries(parsed)) {
      if (value === null || value === undefined) delete next[knob];
      else next[knob] = value;
    }
    if ('rateLimit' in parsed) this.buckets.clear();
    if ('quota' in parsed) this.quotaUsed.clear();
    this.config = next as FaultConfig;
    return this.get();
  }

  replace(config: FaultConfigInput): FaultConfig {
    this.reset();
    return this.set(config);
  }

  reset(): void {
    this.config = {};
    this.failures = [];
    this.buckets.clear();
    this.quotaUsed.clear();
  }

  outage(mode: '503' | 'reset' = '503'): void {
    this.set({ outage: { mode } });
  }

  endOutage(): void {
    this.set({ outage: null });
  }

  /** The next `count` matching requests fail with `status`, whatever the rates say. */
  failNext(input: FailNextInput = {}): void {
    const { count, ...failure } = FailNextSchema.parse(input);
    this.failures.push({ remaining: count, ...failure });
  }

  private applies(route: string): boolean {
    return !this.config.routes || this.config.routes.includes(route);
  }

  /** Transport faults, before the key is checked, as a sick server or load balancer would fail. */
  beforeAuth(route: string): { delayMs: number; action: FaultAction } {
    if (!this.applies(route)) return { delayMs: 0, action: PASS };
    const { latency, outage } = this.config;
    const delayMs = latency ? latency.fixedMs + this.rng() * latency.jitterMs : 0;
    return {
      delayMs,
      action: outage
        ? outage.mode === 'reset'
          ? { kind: 'drop' }
          : respond(503)
        : this.transportAction(route),
    };
  }

  private transportAction(route: string): FaultAction {
    const failure = this.failures.find((pending) => !pending.route || pending.route === route);
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return respond(failure.status, failure.detail);
    }
    const { dropConnection, timeout, errorRates } = this.config;
    if (dropConnection && chance(this.rng, dropConnection.rate)) return { kind: 'drop' };
    if (timeout && chance(this.rng, timeout.rate)) return { kind: 'hang', ms: timeout.ms };
    if (errorRates) {
      let roll = this.rng();
      for (const [status, rate] of Object.entries(errorRates)) {
        if (roll < rate) return respond(Number(status));
        roll -= rate;
      }
    }
    return PASS;
  }

  /** Account faults, once the key is known (Asleep contract 4.1: all three are 403). */
  afterAuth(route: string, apiKey: string): FaultAction {
    if (!this.applies(route)) return PASS;
    const { planExpired, rateLimit, quota } = this.config;
    if (planExpired) return respond(403, 'Plan is expired');
    if (rateLimit) {
      let bucket = this.buckets.get(apiKey);
      if (!bucket) {
        bucket = new TokenBucket(rateLimit.limit, rateLimit.windowMs, this.clock);
        this.buckets.set(apiKey, bucket);
      }
      if (!bucket.take()) return respond(403, 'Rate limit exceeded');
    }
    if (quota) {
      const used = (this.quotaUsed.get(apiKey) ?? 0) + 1;
      this.quotaUsed.set(apiKey, used);
      if (used > quota.limit) return respond(403, 'Quota exceeded');
    }
    return PASS;
  }
}
