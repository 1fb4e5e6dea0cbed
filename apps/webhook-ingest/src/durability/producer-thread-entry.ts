import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProducerThreadEntry } from '@sleep/messaging';

const BUNDLED = 'kafka-producer.thread.js';

/**
 * The producer thread's entry: beside main.js in the build (an entry point of its own, see
 * project.json), else the TypeScript source, compiled on load as the app itself is in tests.
 */
export function producerThreadEntry(): ProducerThreadEntry {
  // Bundled, this code runs from main.js, so its directory is the build's.
  const bundled = join(__dirname, BUNDLED);
  if (existsSync(bundled)) return { file: bundled };
  return {
    file: resolve(__dirname, '../kafka-producer.thread.ts'),
    tsconfig: resolve(__dirname, '../../../../tsconfig.base.json'),
  };
}
