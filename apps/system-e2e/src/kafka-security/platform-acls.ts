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

/** The least each service needs (docs/operations.md lists the same). */
export const SERVICE_ACLS = {
  'webhook-ingest': {
    reads: [Topics.tenants.name],
    writes: [Topics.asleepWebhooks.name, Topics.asleepWebhooksDlq.name, Topics.tenantsDlq.name],
    groupPrefixes: ['webhook-ingest-tenants-'],
  },
  'session-service': (groupId: string): ServiceAcls => ({
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
    groupPrefixes: [groupId, 'session-service-tenants-'],
  }),
};

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
