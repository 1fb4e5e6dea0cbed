import { readFileSync } from 'node:fs';
import { startApp, type AppProcess } from '@sleep/testkit';

/** The environment the app's process was started with. */
const environ = (app: AppProcess) =>
  Object.fromEntries(
    readFileSync(`/proc/${app.child.pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );

describe('startApp on the shared test broker', () => {
  const started: AppProcess[] = [];
  afterAll(() => Promise.all(started.map((app) => app.stop('SIGKILL'))));

  it('runs each gateway in a change-ledger group of its own unless told one', async () => {
    const a = await startApp('gateway');
    const b = await startApp('gateway');
    const told = await startApp('gateway', { CHANGE_LEDGER_GROUP: 'replicas-of-one-suite' });
    started.push(a, b, told);
    const groups = [a, b, told].map((app) => environ(app)['CHANGE_LEDGER_GROUP']);
    expect(groups[0]).toMatch(/^gateway-change-ledger-[0-9a-f]{8}$/);
    expect(groups[1]).toMatch(/^gateway-change-ledger-[0-9a-f]{8}$/);
    expect(groups[0]).not.toBe(groups[1]);
    expect(groups[2]).toBe('replicas-of-one-suite');
  });
});
