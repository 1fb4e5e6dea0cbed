// For tests: producer threads that crash or hang, to prove what callers are told then.
export { CRASH_KEY, producerThreadEntries, rearmCrash } from './testing/producer-thread-fixtures';
