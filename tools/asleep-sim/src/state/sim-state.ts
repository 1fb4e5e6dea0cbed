import type { SessionState, UserMetadata } from '@sleep/contracts';
import { mintUserId } from '../ids';
import { nightFromSleepData, nightFromSpec, SleepDataLike } from '../night/from-spec';
import type { Night, NightSpec } from '../night/night';
import { Rng } from '../random/prng';
import { SessionSnapshot } from '../render/session-snapshot';

export interface SimUser {
  readonly userId: string;
  readonly apiKey: string;
  readonly createdMs: number;
  metadata: UserMetadata | null;
  toBeDeleted: boolean;
}

export interface StoredSession extends SessionSnapshot {
  readonly apiKey: string;
  state: SessionState;
  revealedEpochs: number;
}

export interface AddUserInput {
  readonly userId?: string;
  readonly apiKey?: string;
  readonly metadata?: UserMetadata | null;
  readonly toBeDeleted?: boolean;
}

export interface AddSessionOptions {
  readonly apiKey?: string;
  /** Default COMPLETE. */
  readonly state?: SessionState;
  /** Epochs analysed so far while OPEN or CLOSED; default all. */
  readonly revealedEpochs?: number;
}

interface Tenant {
  readonly users: Map<string, SimUser>;
  readonly sessions: Map<string, StoredSession>;
}

const METADATA_KEYS = [
  'birth_year',
  'birth_month',
  'birth_day',
  'gender',
  'height',
  'weight',
] as const;

/** Stored metadata has every key, absent ones null, like a serialised model (Asleep contract U2). */
export const fullMetadata = (metadata: UserMetadata | null | undefined): UserMetadata | null =>
  metadata ? Object.fromEntries(METADATA_KEYS.map((key) => [key, metadata[key] ?? null])) : null;

/**
 * Users and sessions per API key: data made with one key is invisible to another, like Asleep's
 * Live and Test environments (Asleep contract 1).
 */
export class SimState {
  private readonly tenants = new Map<string, Tenant>();

  constructor(
    readonly apiKeys: readonly string[],
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  private tenant(apiKey = this.apiKeys[0]): Tenant {
    if (!this.apiKeys.includes(apiKey)) throw new RangeError(`unknown API key ${apiKey}`);
    let tenant = this.tenants.get(apiKey);
    if (!tenant) {
      tenant = { users: new Map(), sessions: new Map() };
      this.tenants.set(apiKey, tenant);
    }
    return tenant;
  }

  addUser(input: AddUserInput = {}): SimUser {
    const apiKey = input.apiKey ?? this.apiKeys[0];
    const createdMs = this.now();
    const user: SimUser = {
      userId: input.userId ?? mintUserId(this.rng, createdMs),
      apiKey,
      createdMs,
      metadata: fullMetadata(input.metadata),
      toBeDeleted: input.toBeDeleted ?? false,
    };
    this.tenant(apiKey).users.set(user.userId, user);
    return user;
  }

  getUser(userId: string, apiKey?: string): SimUser | undefined {
    return this.tenant(apiKey).users.get(userId);
  }

  listUsers(apiKey?: string): SimUser[] {
    return [...this.tenant(apiKey).users.values()];
  }

  /** Removes the user and all their sessions (Asleep contract U4). */
  deleteUser(userId: string, apiKey?: string): boolean {
    const tenant = this.tenant(apiKey);
    if (!tenant.users.delete(userId)) return false;
    for (const [id, session] of tenant.sessions) {
      if (session.night.userId === userId) tenant.sessions.delete(id);
    }
    return true;
  }

  /**
   * Stores a night: a `NightSpec` (a generated `Night` is one too) or an S1 / SESSION_COMPLETE
   * payload. Creates its user if the key does not know it.
   */
  addSession(input: NightSpec | SleepDataLike, options: AddSessionOptions = {}): Night {
    const night = 'session' in input ? nightFromSleepData(input) : nightFromSpec(input);
    const apiKey = options.apiKey ?? this.apiKeys[0];
    const tenant = this.tenant(apiKey);
    if (!tenant.users.has(night.userId)) this.addUser({ userId: night.userId, apiKey });
    tenant.sessions.set(night.sessionId, {
      night,
      apiKey,
      state: options.state ?? 'COMPLETE',
      revealedEpochs: options.revealedEpochs ?? night.sleepStages.length,
    });
    return night;
  }

  getSession(sessionId: string, apiKey?: string): StoredSession | undefined {
    return this.tenant(apiKey).sessions.get(sessionId);
  }

  /** A user's sessions, oldest first. */
  sessionsOf(userId: string, apiKey?: string): StoredSession[] {
    return [...this.tenant(apiKey).sessions.values()]
      .filter((session) => session.night.userId === userId)
      .sort(
        (a, b) =>
          a.night.startMs - b.night.startMs || a.night.sessionId.localeCompare(b.night.sessionId),
      );
  }

  deleteSession(sessionId: string, apiKey?: string): boolean {
    return this.tenant(apiKey).sessions.delete(sessionId);
  }

  /** Moves a session along OPEN -> CLOSED -> COMPLETE (Asleep contract 6); no-op once deleted. */
  updateSession(
    sessionId: string,
    change: { state?: SessionState; revealedEpochs?: number },
    apiKey?: string,
  ): void {
    const session = this.getSession(sessionId, apiKey);
    if (!session) return;
    if (change.state) session.state = change.state;
    if (change.revealedEpochs !== undefined) {
      session.revealedEpochs = Math.max(session.revealedEpochs, change.revealedEpochs);
    }
  }

  reset(): void {
    this.tenants.clear();
  }
}
