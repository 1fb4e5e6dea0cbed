import { readdirSync, readFileSync } from 'node:fs';
import { startGateway } from './gateway-fixture';

/** This process's children still running (zombies, exited but not yet reaped, left out). */
function runningChildren(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (ppid === process.pid && !/^State:\s+Z/m.test(status)) children.push(Number(entry));
    } catch {
      // Gone while listed.
    }
  }
  return children;
}

describe('the gateway app-spec fixture', () => {
  it('leaves no simulated Asleep process running when the gateway cannot start', async () => {
    const before = runningChildren();
    // Refused by the gateway's config, after the fixture started the simulator.
    await expect(startGateway({ ASLEEP_REQUEST_TIMEOUT_MS: 'soon' })).rejects.toThrow(
      /ASLEEP_REQUEST_TIMEOUT_MS/,
    );
    expect(runningChildren().filter((pid) => !before.includes(pid))).toEqual([]);
  }, 90_000);
});
