import { Topics } from '@sleep/contracts';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type AclEntry,
  ResourcePatternTypes,
} from 'kafkajs';

/** What one service may do on the cluster: the topics it reads and writes, its consumer groups. */
export interface ServiceAcls {
  reads: string[];
  writes: string[];
  /** Consumer group ids start with one of these. */
  groupPrefixes: string[];
}

export const PLATFORM_SERVICES = [
  'gateway',
  'webhook-ingest',
  'session-service',
  'analytics-service',
] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** The services' configurable group ids (SESSION_GROUP_ID, ANALYTICS_GROUP_ID); defaults when unset. */
export interface ServiceGroupIds {
  'session-service'?: string;
  'analytics-service'?: string;
}

/**
 * Prefixes of the groups every replica joins with an id of its own (a broadcast: each replica
 * reads every message): `<prefix><host>-<pid>-<random>`.
 */
export const REPLICA_GROUP_PREFIXES = {
  gatewayLiveEvents: 'gateway-',
  ingestTenants: 'webhook-ingest-tenants-',
  sessionTenants: 'session-service-tenants-',
} as const;

/**
 * The least each service needs (docs/kafka-security.md). The secured broker of the tests and the
 * Strimzi KafkaUsers of the prod overlay are both made from this table. READ and WRITE imply
 * DESCRIBE, and WRITE the idempotent producer's InitProducerId (Kafka 3.0+).
 */
export function serviceAcls(groups: ServiceGroupIds = {}): Record<PlatformService, ServiceAcls> {
  const sessionGroup = groups['session-service'] ?? 'session-service';
  const analyticsGroup = groups['analytics-service'] ?? 'analytics-service';
  return {
    gateway: {
      reads: [
        Topics.sleepSessions.name,
        Topics.sleepUsers.name,
        Topics.sleepReports.name,
        Topics.sleepInsights.name,
      ],
      writes: [Topics.tenants.name, Topics.sleepUsers.name, Topics.userProfiles.name],
      groupPrefixes: [REPLICA_GROUP_PREFIXES.gatewayLiveEvents],
    },
    'webhook-ingest': {
      reads: [Topics.tenants.name],
      writes: [Topics.asleepWebhooks.name, Topics.asleepWebhooksDlq.name, Topics.tenantsDlq.name],
      groupPrefixes: [REPLICA_GROUP_PREFIXES.ingestTenants],
    },
    'session-service': {
      reads: [
        Topics.asleepWebhooks.name,
        Topics.sleepUsers.name,
        Topics.sessionCommands.name,
        Topics.tenants.name,
      ],
      writes: [
        Topics.sleepSessions.name,
        Topics.asleepWebhooksDlq.name,
        Topics.sleepUsersDlq.name,
        Topics.sessionCommandsDlq.name,
        Topics.tenantsDlq.name,
      ],
      groupPrefixes: [sessionGroup, REPLICA_GROUP_PREFIXES.sessionTenants],
    },
    'analytics-service': {
      reads: [Topics.sleepSessions.name, Topics.sleepUsers.name, Topics.userProfiles.name],
      writes: [
        Topics.sleepSessionsDlq.name,
        Topics.sleepUsersDlq.name,
        Topics.sleepReports.name,
        Topics.sleepInsights.name,
      ],
      groupPrefixes: [analyticsGroup],
    },
  };
}

/** The ACL entries that allow `principal` exactly what `acls` lists (prefixed groups, literal topics). */
export function aclEntries(principal: string, acls: ServiceAcls): AclEntry[] {
  const allow = (
    resourceType: AclResourceTypes,
    resourceName: string,
    operation: AclOperationTypes,
    resourcePatternType = ResourcePatternTypes.LITERAL,
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return [
    ...acls.reads.map((topic) => allow(AclResourceTypes.TOPIC, topic, AclOperationTypes.READ)),
    ...acls.writes.map((topic) => allow(AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE)),
    ...acls.groupPrefixes.map((prefix) =>
      allow(AclResourceTypes.GROUP, prefix, AclOperationTypes.READ, ResourcePatternTypes.PREFIXED),
    ),
  ];
}
