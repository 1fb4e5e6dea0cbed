// Entry of a producer thread run from source (tests); builds bundle their own entry file.
import { serveProducerThread } from './producer-thread.worker';

serveProducerThread();
