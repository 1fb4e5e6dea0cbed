import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ProducerThreadEntry } from '../producer-thread';

/** The key that makes the crashing thread die, once per process. */
export const CRASH_KEY = 'crash-the-thread';

/** Exists once the crashing thread died in this process. */
export const crashMarker = () => join(tmpdir(), `producer-thread-crashed-${process.pid}`);

const TSCONFIG = resolve(__dirname, '../../../../tsconfig.base.json');
const entry = (file: string): ProducerThreadEntry => ({
  file: join(__dirname, file),
  tsconfig: TSCONFIG,
});

export const producerThreadEntries = {
  /** The real thread, from source. */
  real: entry('../producer-thread.worker-entry.ts'),
  /** Dies, before sending, on the first publish keyed CRASH_KEY; a restarted one is real. */
  crashing: entry('producer-thread-crash.fixture.ts'),
  /** Connects, then answers nothing. */
  silent: entry('producer-thread-silent.fixture.ts'),
};

/** Lets the crashing thread crash again (a later test in the same process). */
export function rearmCrash(): void {
  rmSync(crashMarker(), { force: true });
}
