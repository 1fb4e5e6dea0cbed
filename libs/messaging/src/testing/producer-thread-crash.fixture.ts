// A producer thread that dies, once per process, on the first publish with key `crash-the-thread`
// (before any of that message's batch is sent); a thread started after it works normally.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { ToProducerThread } from '../producer-thread.protocol';
import { serveProducerThread } from '../producer-thread.worker';
import { CRASH_KEY, crashMarker } from './producer-thread-fixtures';

const crashed = crashMarker();

serveProducerThread();
parentPort?.on('message', (message: ToProducerThread) => {
  if (message.kind !== 'publish' || existsSync(crashed)) return;
  if (message.entries.some((entry) => entry.messages.some((m) => m.key === CRASH_KEY))) {
    writeFileSync(crashed, '');
    process.exit(7);
  }
});
