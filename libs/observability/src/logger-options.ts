import pino, { type Logger, type LoggerOptions } from 'pino';
import { tracingEnabled } from './tracing/start-tracing';
import { traceLogFields } from './tracing/log-trace-fields';

/**
 * Header and field paths never written to logs. Asleep echoes the tenant's API
 * key in every webhook (Asleep contract 4.3), so request headers are redacted too.
 * Every line pays for the pass over these paths (about 7 µs); a line logged per
 * request whose fields are a fixed set without secrets may skip it through a child
 * logger with `redact: []`, as webhook-ingest's line per webhook does.
 */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  '*.apiKey',
  '*.api_key',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.secret',
  'apiKey',
  'token',
];

export interface ServiceLoggerConfig {
  service: string;
  level: string;
}

export function serviceLoggerOptions({ service, level }: ServiceLoggerConfig): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Only while tracing is on, so that lines cost nothing extra when it is off.
    ...(tracingEnabled() ? { mixin: traceLogFields } : {}),
  };
}

/**
 * The logger every service boots with: pino's default destination, stdout written
 * asynchronously (one write at a time; lines logged meanwhile go out together in the next).
 * pino writes what is still buffered synchronously when the process exits, so the lines logged
 * just before `process.exit` or before an uncaught error ends the process still land
 * (service-logger.spec.ts). A buffering destination (sonic-boom `minLength`) or synchronous
 * writes measured no cheaper under the ingest bench (webhook-ingest README).
 */
export function serviceLogger(config: ServiceLoggerConfig): Logger {
  return pino(serviceLoggerOptions(config));
}
