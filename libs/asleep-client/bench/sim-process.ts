// The simulator in a process of its own, so its CPU time stays off the measured event loop.
import { startAsleepSim } from '@sleep/asleep-sim';

async function main() {
  const apiKey = process.env.BENCH_API_KEY ?? 'bench-key';
  const sim = await startAsleepSim({ apiKeys: [apiKey], seed: 11 });
  const { userId, nights } = sim.createUserWithNights({ nights: 1, kind: 'normal' });
  process.send?.({ url: sim.url, userId, sessionId: nights[0].sessionId });
  process.once('disconnect', () => void sim.stop().then(() => process.exit(0)));
}

void main();
