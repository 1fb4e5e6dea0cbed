import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// Jest sandboxes process.env, so the process zone is changed the only reliable way: a child process.
const ROOT = resolve(__dirname, '../../../..');
const SCRIPT = `
const { computeNightStats, toAsleepStat } = require('./libs/sleep-metrics/src/index.ts');
const start = Date.UTC(2025, 2, 10, 14);
const stats = computeNightStats({ stages: [0, 0, 1, 1, 1, 1, 0, 0], startMs: start, endMs: start + 240000 });
const stat = toAsleepStat(stats, { sleepIndex: 50 });
console.log(JSON.stringify({
  zone: new Intl.DateTimeFormat().resolvedOptions().timeZone,
  local: new Date(start).getHours(),
  sleepTime: stat.sleep_time,
  wakeTime: stat.wake_time,
}));
`;

describe('toAsleepStat without a timezone', () => {
  it('renders in UTC, as Asleep defaults its timezone header, whatever the process zone', () => {
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'Asia/Seoul', SWC_NODE_PROJECT: 'tsconfig.base.json' },
      encoding: 'utf8',
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}');
    // The test means something only if the process zone really is Seoul.
    expect(result.zone).toBe('Asia/Seoul');
    expect(result.local).toBe(23);
    expect(result.sleepTime).toBe('2025-03-10T14:01:00+00:00');
    expect(result.wakeTime).toBe('2025-03-10T14:03:00+00:00');
  }, 30_000);
});
