import type { Night } from './night/night';
import type { WebhookVersion } from './player/deliveries';
import type { AsleepSim } from './sim';
import { addDays, calendarDateIn, DAY_MS } from './time/zoned-time';

export interface DemoOptions {
  readonly webhookUrl: string;
  readonly users: number;
  readonly speed: number | 'immediate';
  readonly daysBack: number;
  readonly version: WebhookVersion;
  readonly concurrency: number;
  readonly duplicates: number;
  /**
   * Plays the nights of the users created through the REST API (as a product registers its users)
   * instead of minting its own; waits until there is one, and stops once it reaches yesterday.
   */
  readonly registeredUsers?: boolean;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Plays one night per user per round, date after date, so a receiver sees live-looking traffic.
 * Dates start `daysBack` days ago; when they reach yesterday, a fresh set of users starts over,
 * so every night lies in the past.
 */
export async function runDemo(
  sim: AsleepSim,
  options: DemoOptions,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const firstDate = () => addDays(calendarDateIn(Date.now(), 'UTC'), -options.daysBack);
  let users: string[] = [];
  let date = firstDate();
  for (let round = 1; !signal.aborted; round++) {
    if (options.registeredUsers) {
      if (date >= calendarDateIn(Date.now() - DAY_MS, 'UTC')) {
        log('caught up to yesterday: every registered user has their nights');
        // The simulated API keeps serving the nights until stopped.
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        return;
      }
      users = sim.state.listUsers().map((user) => user.userId);
      if (users.length === 0) {
        if (round === 1) log('waiting for users registered through the API');
        round--;
        await pause(250, signal);
        continue;
      }
    } else if (users.length === 0 || date >= calendarDateIn(Date.now() - DAY_MS, 'UTC')) {
      users = Array.from({ length: options.users }, () => sim.state.addUser().userId);
      date = firstDate();
      log(`new users: ${users.join(' ')}`);
    }
    const nights: Night[] = users.map((userId) => sim.generateNight({ userId, date }));
    log(`round ${round}: ${nights.length} nights of ${date}`);
    const report = await sim.playNights({
      webhookUrl: options.webhookUrl,
      nights,
      speed: options.speed,
      version: options.version,
      concurrency: options.concurrency,
      duplicates: options.duplicates,
      signal,
      onDelivery: (record) => {
        if (record.event !== 'SESSION_COMPLETE') return;
        const outcome = record.delivered
          ? 'delivered'
          : `FAILED (${record.attempts.map((a) => a.status).join(',')})`;
        log(`  SESSION_COMPLETE ${record.sessionId} user ${record.userId}: ${outcome}`);
      },
    });
    log(
      `round ${round} done in ${(report.elapsedMs / 1000).toFixed(1)} s: ${report.delivered} delivered, ${report.failed} failed, ${report.retries} retries`,
    );
    date = addDays(date, 1);
  }
}
