import type { AppName } from './workspace';
import type { K8sObject } from './kustomize';
import { z } from 'zod';

export interface Container {
  name: string;
  image: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string; optional?: boolean };
      configMapKeyRef?: { name: string; key: string; optional?: boolean };
    };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: unknown;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  resources?: { limits?: { cpu?: string; memory?: string }; requests?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
export interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    serviceName?: string;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata?: { labels?: Record<string, string> };
      spec: {
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: Container[];
      };
    };
  };
}

/** The fields of Strimzi's KafkaUser (kafka.strimzi.io/v1beta2) the overlay sets, as its CRD allows them. */
export const StrimziKafkaUserSchema = z.object({
  apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
  kind: z.literal('KafkaUser'),
  metadata: z.object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
    labels: z.object({ 'strimzi.io/cluster': z.string().min(1) }),
  }),
  spec: z.strictObject({
    authentication: z.strictObject({ type: z.enum(['tls', 'tls-external', 'scram-sha-512']) }),
    authorization: z.strictObject({
      type: z.literal('simple'),
      acls: z
        .array(
          z.strictObject({
            resource: z.strictObject({
              type: z.enum(['topic', 'group', 'cluster', 'transactionalId']),
              name: z.string().min(1),
              patternType: z.enum(['literal', 'prefix']),
            }),
            operations: z
              .array(
                z.enum([
                  'Read',
                  'Write',
                  'Create',
                  'Delete',
                  'Alter',
                  'Describe',
                  'ClusterAction',
                  'AlterConfigs',
                  'DescribeConfigs',
                  'IdempotentWrite',
                  'All',
                ]),
              )
              .min(1),
            host: z.string().optional(),
            type: z.enum(['allow', 'deny']).optional(),
          }),
        )
        .min(1),
    }),
  }),
});

export const isWorkload = (o: K8sObject): o is Workload =>
  ['Deployment', 'StatefulSet'].includes(o.kind);
export const appOf = (w: Workload) =>
  w.spec.template.spec.containers[0].env?.find((e) => e.name === 'APP')?.value as AppName;
