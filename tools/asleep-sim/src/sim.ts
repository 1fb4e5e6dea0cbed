import type { SleepData, UserMetadata } from '@sleep/contracts';
import { Faults } from './faults/faults';
import { RequestCounters } from './faults/request-counters';
import { generateNight, GenerateNightOptions, userProfile } from './night/generate-night';
import type { Night, NightKind } from './night/night';
import { PlayHooks, PlayNightsOptions, playNights } from './player/play-nights';
import type { PlayReport } from './player/play-report';
import { rngFor } from './random/prng';
import { renderSleepData } from './render/render-session';
import { buildSimServer } from './server/app';
import { SimState } from './state/sim-state';
import { addDays, calendarDateIn, HOUR_MS } from './time/zoned-time';

export interface AsleepSimOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Accepted `x-api-key` values; each sees only its own data. */
  readonly apiKeys?: readonly string[];
  /** Seeds ids, nights and random faults: same seed and same calls, same data. */
  readonly seed?: number;
  /** Clock for minted user ids and default night dates. */
  readonly now?: () => number;
  readonly logger?: boolean;
}

export interface CreateUserWithNightsOptions {
  readonly apiKey?: string;
  /** Consecutive nights ending with `lastDate`; default 7. */
  readonly nights?: number;
  /** The user's zone (`created_timezone` of the nights); default from the user's seeded profile. */
  readonly timezone?: string;
  readonly metadata?: UserMetadata | null;
  /** Local date of the last night's evening; default the latest date whose night is surely over. */
  readonly lastDate?: string;
  /** Force every night's kind. */
  readonly kind?: NightKind;
  /** `complete` (default): stored as finished history; `none`: only returned, e.g. to play live. */
  readonly store?: 'complete' | 'none';
}

export type SimPlayOptions = Omit<PlayNightsOptions, 'apiKey' | 'hooks'> & {
  /** Key for nights whose user the sim does not know; default the first key. */
  readonly apiKey?: string;
};

export interface AsleepSim {
  readonly url: string;
  readonly apiKeys: readonly string[];
  readonly seed: number;
  readonly state: SimState;
  readonly faults: Faults;
  readonly requests: RequestCounters;
  generateNight(options: Omit<GenerateNightOptions, 'seed'>): Night;
  createUserWithNights(options?: CreateUserWithNightsOptions): { userId: string; nights: Night[] };
  /** Nights the sim does not hold yet are played live: OPEN, analysed window by window, CLOSED, COMPLETE. */
  playNights(options: SimPlayOptions): Promise<PlayReport>;
  /** S1's result for a stored session, as the REST API would render it. */
  sessionData(
    sessionId: string,
    options?: { timezone?: string; apiKey?: string },
  ): SleepData | undefined;
  stop(): Promise<void>;
}

export async function startAsleepSim(options: AsleepSimOptions = {}): Promise<AsleepSim> {
  const apiKeys = options.apiKeys?.length ? [...options.apiKeys] : ['sim-key'];
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const state = new SimState(apiKeys, rngFor(seed, 'ids'), now);
  const faults = new Faults(rngFor(seed, 'faults'));
  const requests = new RequestCounters();
  const closing = new AbortController();

  const simGenerateNight = (night: Omit<GenerateNightOptions, 'seed'>) =>
    generateNight({ ...night, seed });
  const createUserWithNights = (input: CreateUserWithNightsOptions = {}) => {
    const apiKey = input.apiKey ?? apiKeys[0];
    const { userId } = state.addUser({ apiKey, metadata: input.metadata });
    const timezone = input.timezone ?? userProfile(seed, userId).timezone;
    // A night that starts on date D is over by D+1 noon, so 36 h back is always finished.
    const lastDate = input.lastDate ?? calendarDateIn(now() - 36 * HOUR_MS, timezone);
    const count = input.nights ?? 7;
    const nights = Array.from({ length: count }, (_, i) =>
      simGenerateNight({
        userId,
        timezone,
        date: addDays(lastDate, i - count + 1),
        kind: input.kind,
      }),
    );
    if ((input.store ?? 'complete') === 'complete') {
      for (const night of nights) state.addSession(night, { apiKey });
    }
    return { userId, nights };
  };
  const tenantOf = (userId: string, fallback: string) =>
    apiKeys.find((key) => state.getUser(userId, key)) ?? fallback;

  const app = buildSimServer({
    apiKeys,
    state,
    faults,
    counters: requests,
    closing: closing.signal,
    logger: options.logger,
    createUserWithNights,
  });
  const url = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const plays = new Set<AbortController>();

  return {
    url,
    apiKeys,
    seed,
    state,
    faults,
    requests,
    generateNight: simGenerateNight,
    createUserWithNights,
    async playNights(play) {
      const controller = new AbortController();
      plays.add(controller);
      const fallbackKey = play.apiKey ?? apiKeys[0];
      const keyOf = (night: Night) => tenantOf(night.userId, fallbackKey);
      const live = new Set(
        play.nights.filter((night) => !state.getSession(night.sessionId, keyOf(night))),
      );
      // Only nights the sim did not hold already follow the play; replays leave history alone.
      const update = (night: Night, change: Parameters<SimState['updateSession']>[1]) => {
        if (live.has(night)) state.updateSession(night.sessionId, change, keyOf(night));
      };
      const hooks: PlayHooks = {
        onSessionStart: (night) => {
          if (live.has(night)) {
            state.addSession(night, { apiKey: keyOf(night), state: 'OPEN', revealedEpochs: 0 });
          }
        },
        onWindowAnalysed: (night, epochs) => update(night, { revealedEpochs: epochs }),
        onSessionEnd: (night) =>
          update(night, { state: 'CLOSED', revealedEpochs: night.sleepStages.length }),
        onSessionComplete: (night) => update(night, { state: 'COMPLETE' }),
      };
      try {
        return await playNights({
          seed,
          ...play,
          signal: play.signal
            ? AbortSignal.any([play.signal, controller.signal])
            : controller.signal,
          apiKey: keyOf,
          hooks,
        });
      } finally {
        plays.delete(controller);
      }
    },
    sessionData(sessionId, { timezone = 'UTC', apiKey } = {}) {
      const session = state.getSession(sessionId, apiKey);
      return session ? renderSleepData(session, timezone) : undefined;
    },
    async stop() {
      closing.abort();
      for (const play of plays) play.abort();
      await app.close();
    },
  };
}
