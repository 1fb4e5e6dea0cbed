import { PLATFORM_SERVICES, type ServiceAcls, serviceAcls } from '@sleep/messaging';
import { stringify } from 'yaml';

type AclOperation = 'Read' | 'Write';

/** One Strimzi ACL rule; READ and WRITE imply DESCRIBE, as on the local secured broker. */
function rule(
  type: 'topic' | 'group',
  name: string,
  patternType: 'literal' | 'prefix',
  operation: AclOperation,
) {
  return { resource: { type, name, patternType }, operations: [operation], host: '*' };
}

/** The Strimzi rules for exactly what `acls` allows, the same table the secured broker grants. */
export function strimziAcls(acls: ServiceAcls) {
  return [
    ...acls.reads.map((topic) => rule('topic', topic, 'literal', 'Read')),
    ...acls.writes.map((topic) => rule('topic', topic, 'literal', 'Write')),
    ...acls.groupPrefixes.map((prefix) => rule('group', prefix, 'prefix', 'Read')),
  ];
}

/**
 * One KafkaUser per service: SCRAM-SHA-512, simple authorization with the least ACLs it needs.
 * Strimzi creates the Secret `sleep-platform-kafka-<app>` with the password; its Deployment reads
 * it (as `KAFKA_SASL_PASSWORD`, see docs/kafka-security.md).
 */
export function kafkaUser(service: (typeof PLATFORM_SERVICES)[number], acls: ServiceAcls) {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaUser',
    metadata: { name: service, labels: { 'strimzi.io/cluster': 'kafka' } },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: { type: 'simple', acls: strimziAcls(acls) },
    },
  };
}

export function kafkaUsersYaml(): string {
  const table = serviceAcls();
  return PLATFORM_SERVICES.map((service) => stringify(kafkaUser(service, table[service]))).join(
    '---\n',
  );
}
