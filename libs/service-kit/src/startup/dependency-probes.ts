import { asAccessDenied, createKafka, isAccessDenied, type KafkaSecurity } from '@sleep/messaging';
import { databaseTarget, probePostgres } from '@sleep/persistence';
import { type BaseEnv, kafkaSecurityOf } from '../base-env';
import { ConfigError } from '../config';

/** Something the service cannot work without, and a cheap way to ask whether it answers now. */
export interface StartupDependency {
  name: string;
  /** Where it is looked for, for logs: never credentials. */
  target: string;
  probe(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 3_000;

async function probeKafka(brokers: string[], security: KafkaSecurity): Promise<void> {
  const kafka = createKafka({
    brokers,
    security,
    clientId: 'startup-probe',
    logLevel: 'silent',
    connectionTimeoutMs: PROBE_TIMEOUT_MS,
    requestTimeoutMs: PROBE_TIMEOUT_MS,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const { brokers: found } = await admin.describeCluster();
    if (found.length === 0) throw new Error('the cluster reports no brokers');
  } catch (error) {
    throw asAccessDenied(error, `the connection of ${security.sasl?.username ?? 'this client'}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Postgres (when DATABASE_URL is set; a service with a database always has one) and Kafka. */
export function startupDependencies(config: BaseEnv): StartupDependency[] {
  const dependencies: StartupDependency[] = [];
  const url = config.DATABASE_URL;
  if (url) {
    dependencies.push({
      name: 'postgres',
      target: databaseTarget(url),
      probe: () => probePostgres(url, PROBE_TIMEOUT_MS),
    });
  }
  const security = kafkaSecurityOf(config);
  dependencies.push({
    name: 'kafka',
    target: config.KAFKA_BROKERS.join(','),
    probe: () => probeKafka(config.KAFKA_BROKERS, security),
  });
  return dependencies;
}

const PERMANENT_SQL_CLASSES = new Set(['28', '3D', '42']);

/**
 * Startup failures no wait can fix: a configuration error, refused credentials, a missing database, a migration that
 * does not compile. Anything else (refused connections, a server starting up or shutting down,
 * a broker without a leader yet) is waited out until the deadline.
 */
export function isPermanentStartupError(error: Error): boolean {
  if (error instanceof TypeError || error instanceof ConfigError || isAccessDenied(error))
    return true;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    PERMANENT_SQL_CLASSES.has(code.slice(0, 2))
  );
}
