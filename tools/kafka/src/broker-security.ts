import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command';

/** A broker that only speaks TLS + SASL and authorizes every request by ACL (KRaft StandardAuthorizer). */
export interface BrokerSecurityOptions {
  /** SCRAM users created when the storage is formatted, by name; each also works over PLAIN. */
  users: Record<string, string>;
  /** The broker's own user and the one super user; created with a random password when absent. */
  superUser?: string;
}

/** What a client needs to reach a secured broker: the CA to trust, and the super user's login. */
export interface BrokerCredentials {
  /** PEM of the broker's self-signed certificate (for 127.0.0.1 and localhost). */
  ca: string;
  caFile: string;
  superUser: { username: string; password: string };
  users: Record<string, string>;
}

const KEYTOOL_HINT = 'keytool comes with the JDK (Java 17 or later).';

/**
 * A PKCS12 keystore holding a fresh key and a self-signed certificate valid for 127.0.0.1, and
 * its certificate as PEM for clients to trust. Made with the JDK's keytool at every start.
 */
export async function makeBrokerKeystore(
  dir: string,
): Promise<{ keystore: string; truststore: string; password: string; caFile: string }> {
  const keystore = join(dir, 'broker.p12');
  const truststore = join(dir, 'truststore.p12');
  const caFile = join(dir, 'broker-ca.pem');
  const password = randomBytes(12).toString('hex');
  for (const file of [keystore, truststore, caFile]) rmSync(file, { force: true });
  const store = ['-keystore', keystore, '-storetype', 'PKCS12', '-storepass', password];
  await runCommand(
    'keytool',
    [
      '-genkeypair',
      '-alias',
      'broker',
      '-keyalg',
      'EC',
      '-groupname',
      'secp256r1',
      '-validity',
      '7',
      '-dname',
      'CN=127.0.0.1',
      '-ext',
      'SAN=IP:127.0.0.1,DNS:localhost',
      ...store,
    ],
    KEYTOOL_HINT,
  );
  await runCommand(
    'keytool',
    ['-exportcert', '-rfc', '-alias', 'broker', '-file', caFile, ...store],
    KEYTOOL_HINT,
  );
  // The broker talks to itself over the same listener, so it must trust its own certificate.
  await runCommand(
    'keytool',
    [
      '-importcert',
      '-noprompt',
      '-alias',
      'broker',
      '-file',
      caFile,
      '-keystore',
      truststore,
      '-storetype',
      'PKCS12',
      '-storepass',
      password,
    ],
    KEYTOOL_HINT,
  );
  return { keystore, truststore, password, caFile };
}

const jaasValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The listener, SASL, TLS and authorizer settings of a secured single-node broker. */
export function securityProperties(input: {
  port: number;
  controllerPort: number;
  keystore: string;
  truststore: string;
  keystorePassword: string;
  superUser: { username: string; password: string };
  users: Record<string, string>;
}): Record<string, string | boolean> {
  const { username, password } = input.superUser;
  const plainUsers = Object.entries({ ...input.users, [username]: password })
    .map(([name, secret]) => `user_${name}="${jaasValue(secret)}"`)
    .join(' ');
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required';
  const self = `username="${jaasValue(username)}" password="${jaasValue(password)}"`;
  return {
    listeners: `SASL_SSL://127.0.0.1:${input.port},CONTROLLER://127.0.0.1:${input.controllerPort}`,
    'advertised.listeners': `SASL_SSL://127.0.0.1:${input.port}`,
    'inter.broker.listener.name': 'SASL_SSL',
    // The controller listener stays loopback plaintext: a single node, never advertised to clients.
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512,SCRAM-SHA-256,PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': `${scram} ${self};`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': `${scram};`,
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${self} ${plainUsers};`,
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': input.keystore,
    'ssl.keystore.password': input.keystorePassword,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': input.truststore,
    'ssl.truststore.password': input.keystorePassword,
    'ssl.client.auth': 'none',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    // ANONYMOUS is the broker itself on the loopback controller listener.
    'super.users': `User:${username};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found': false,
  };
}

/** `kafka-storage format --add-scram` arguments: SCRAM users live in the cluster metadata. */
export function scramFormatArgs(
  superUser: { username: string; password: string },
  users: Record<string, string>,
): string[] {
  return Object.entries({ ...users, [superUser.username]: superUser.password }).flatMap(
    ([name, password]) =>
      ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((mechanism) => [
        '--add-scram',
        `${mechanism}=[name=${name},password=${password}]`,
      ]),
  );
}

export function credentials(
  caFile: string,
  superUser: { username: string; password: string },
  users: Record<string, string>,
): BrokerCredentials {
  return { ca: readFileSync(caFile, 'utf8'), caFile, superUser, users };
}

/** Names and passwords go into JAAS lines and format arguments: keep them to safe characters. */
export function checkSecurityOptions(options: BrokerSecurityOptions): void {
  for (const [name, password] of Object.entries(options.users)) {
    if (!/^[\w.-]+$/.test(name))
      throw new Error(`broker user ${name}: letters, digits, . _ - only`);
    if (!/^[\w.~+/=-]{8,}$/.test(password))
      throw new Error(`broker user ${name}: password of 8+ letters, digits or . _ ~ + / = -`);
  }
}
