import { logLevel, type logCreator } from 'kafkajs';

type LogFn = (obj: object, msg?: string) => void;

/** The subset of a pino logger this library uses; a pino `Logger` satisfies it. */
export interface LoggerLike {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

export const KAFKAJS_LEVELS: Record<KafkaLogLevel, logLevel> = {
  silent: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

const METHODS: Partial<Record<logLevel, keyof LoggerLike>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer';

function methodFor(
  namespace: string,
  level: logLevel,
  message: string,
): keyof LoggerLike | undefined {
  // Bounded retries are deliberate (see BatchingProducer), so this is nothing to act on.
  if (message.startsWith(BOUNDED_RETRIES_WARNING)) return 'debug';
  // kafkajs logs every error response at ERROR, also those it retries or treats as success
  // (a coordinator still loading, TOPIC_ALREADY_EXISTS from a concurrent creator); failures
  // that persist surface as errors of the producer, consumer or admin call.
  if (level === logLevel.ERROR && namespace === 'Connection' && message.startsWith('Response '))
    return 'warn';
  return METHODS[level];
}

/** Routes kafkajs's log entries into a structured logger, one object per line. */
export function kafkajsLogCreator(logger: LoggerLike): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const method = methodFor(namespace, level, String(message));
      if (!method) return;
      // kafkajs's own timestamp and logger name are dropped: the app logger adds both.
      logger[method]({ ...fields, kafka: namespace }, message);
    };
}
