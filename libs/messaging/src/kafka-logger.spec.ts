import { logLevel } from 'kafkajs';
import pino from 'pino';
import { kafkajsLogCreator, type LoggerLike } from './kafka-logger';

function recorder() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  const logger: LoggerLike = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  };
  return { lines, log: kafkajsLogCreator(logger)(logLevel.DEBUG) };
}

const entry = (namespace: string, level: logLevel, message: string, extra: object = {}) => ({
  namespace,
  level,
  label: 'X',
  log: { timestamp: '2024-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('kafkajsLogCreator', () => {
  it('passes kafkajs fields as a structured object and the message as the log message', () => {
    const { lines, log } = recorder();
    log(entry('Consumer', logLevel.INFO, 'Consumer has joined the group', { groupId: 'g' }));
    expect(lines).toEqual([
      {
        level: 'info',
        obj: { groupId: 'g', kafka: 'Consumer' },
        msg: 'Consumer has joined the group',
      },
    ]);
  });

  it('lowers retried error responses to warn and the bounded-retries notice to debug', () => {
    const { lines, log } = recorder();
    log(entry('Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)'));
    log(
      entry(
        'Producer',
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    log(entry('Producer', logLevel.ERROR, 'Crash'));
    expect(lines.map((line) => line.level)).toEqual(['warn', 'debug', 'error']);
  });

  it('accepts a pino logger as is', () => {
    const lines: string[] = [];
    const logger: LoggerLike = pino(
      { level: 'debug' },
      { write: (line: string) => void lines.push(line) },
    );
    kafkajsLogCreator(logger)(logLevel.INFO)(
      entry('Producer', logLevel.WARN, 'slow', { broker: 'b' }),
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 40,
      msg: 'slow',
      broker: 'b',
      kafka: 'Producer',
    });
  });
});
