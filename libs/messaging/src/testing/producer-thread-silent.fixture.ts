// A producer thread that connects and then never answers a publish: a stuck thread.
import { parentPort } from 'node:worker_threads';
import type { FromProducerThread, ToProducerThread } from '../producer-thread.protocol';

parentPort?.on('message', (message: ToProducerThread) => {
  const answer = (reply: FromProducerThread) => parentPort?.postMessage(reply);
  if (message.kind === 'connect') answer({ kind: 'connected' });
  if (message.kind === 'close') {
    answer({ kind: 'closed' });
    parentPort?.close();
  }
});
