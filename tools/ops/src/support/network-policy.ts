import type { K8sObject } from './kustomize';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}
export interface NetworkPolicy extends K8sObject {
  metadata: K8sObject['metadata'];
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: Peer[]; ports?: { port: number | string; protocol?: string }[] }[];
  };
}

/** A pod that tries to connect: its labels and its namespace's labels. */
export interface Client {
  labels: Record<string, string>;
  namespace: string;
}

function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown operator ${operator}`);
  });
  return byLabel && byExpression;
}

function peerAdmits(peer: Peer, client: Client, policyNamespace: string): boolean {
  const namespaceLabels = { 'kubernetes.io/metadata.name': client.namespace };
  if (peer.namespaceSelector && !selects(peer.namespaceSelector, namespaceLabels)) return false;
  if (!peer.namespaceSelector && client.namespace !== policyNamespace) return false;
  return !peer.podSelector || selects(peer.podSelector, client.labels);
}

/**
 * Kubernetes' ingress semantics: a pod selected by no Ingress policy takes everything; a
 * selected pod takes a connection only if some rule of some selecting policy admits both the
 * client and the port.
 */
export function ingressAllowed(
  policies: readonly NetworkPolicy[],
  target: { labels: Record<string, string>; namespace: string },
  port: number,
  client: Client,
): boolean {
  const selecting = policies.filter(
    (p) =>
      (p.metadata.namespace ?? target.namespace) === target.namespace &&
      (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') &&
      selects(p.spec.podSelector, target.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec.ingress ?? []).some(
      (rule) =>
        (!rule.ports || rule.ports.some((p) => Number(p.port) === port)) &&
        (!rule.from ||
          rule.from.some((peer) =>
            peerAdmits(peer, client, policy.metadata.namespace ?? target.namespace),
          )),
    ),
  );
}
