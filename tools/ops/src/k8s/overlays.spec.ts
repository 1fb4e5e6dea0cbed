import { Topics } from '@sleep/contracts';
import { renderOverlay, OVERLAYS, type K8sObject } from '../support/kustomize';
import { UNMODELLED_GROUPS, validateObjects } from '../support/k8s-schemas';
import { appEnv, type AppEnv } from '../support/required-env';
import { APPS, type AppName } from '../support/workspace';

interface Container {
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
interface Workload extends K8sObject {
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

/** A required variable that another one can stand in for (the gateway takes either). */
const ALTERNATIVES: Record<string, string[]> = { JWT_JWKS_URL: ['JWT_SECRET'] };

const envs = new Map<AppName, AppEnv>();
beforeAll(async () => {
  for (const app of APPS) envs.set(app, await appEnv(app));
}, 60_000);

const isWorkload = (o: K8sObject): o is Workload => ['Deployment', 'StatefulSet'].includes(o.kind);
const appOf = (w: Workload) =>
  w.spec.template.spec.containers[0].env?.find((e) => e.name === 'APP')?.value as AppName;

describe.each(OVERLAYS)('k8s overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const workloads = objects.filter(isWorkload);
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

  it('renders the four services', () => {
    expect(workloads.map(appOf).sort()).toEqual([...APPS].sort());
  });

  it('validates every object against its Kubernetes schema', () => {
    // kustomize folds long base64 values over lines; the API server's decoder ignores the breaks.
    const unfolded = objects.map((o) =>
      o.kind === 'Secret'
        ? {
            ...o,
            data: Object.fromEntries(
              Object.entries((o as { data?: Record<string, string> }).data ?? {}).map(([k, v]) => [
                k,
                v.replace(/\s/g, ''),
              ]),
            ),
          }
        : o,
    );
    const results = validateObjects(unfolded);
    const failures = results.filter(
      (r) =>
        r.error &&
        !(r.error === 'no schema' && UNMODELLED_GROUPS.includes(r.apiVersion!.split('/')[0])),
    );
    expect(failures).toEqual([]);
    expect(results.length).toBe(objects.length);
  });

  it.each(APPS)('%s: probes, limits, non-root, no privilege escalation', (app) => {
    const workload = workloads.find((w) => appOf(w) === app)!;
    const pod = workload.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    for (const container of pod.containers) {
      expect(container.startupProbe).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      expect(container.livenessProbe).toBeDefined();
      expect(container.resources?.limits?.memory).toBeDefined();
      expect(container.resources?.limits?.cpu).toBeDefined();
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
      });
      expect(container.image).not.toMatch(/:latest$/);
    }
  });

  it.each(APPS)('%s: every variable it requires comes from a ConfigMap or Secret', (app) => {
    const workload = workloads.find((w) => appOf(w) === app)!;
    const container = workload.spec.template.spec.containers[0];
    const provided = new Set<string>();
    for (const e of container.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
      if (e.value !== undefined || (ref && !ref.optional)) provided.add(e.name);
      else if (ref?.optional) provided.add(`optional:${e.name}`);
    }
    for (const from of container.envFrom ?? []) {
      // Optional Secrets (a service's Kafka credentials) provide nothing the app requires.
      if (!from.configMapRef) continue;
      const map = objects.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name,
      ) as { data?: Record<string, string> } | undefined;
      expect(map).toBeDefined();
      for (const [key, value] of Object.entries(map?.data ?? {}))
        if (value !== '') provided.add(key);
    }
    const missing = envs
      .get(app)!
      .required.filter(
        (name) =>
          !provided.has(name) &&
          !(ALTERNATIVES[name] ?? []).some(
            (alt) => provided.has(alt) || provided.has(`optional:${alt}`),
          ),
      );
    expect(missing).toEqual([]);
    // Where the overlay renders its Secret (dev), every key referenced must be in it.
    const secrets = byKind('Secret') as unknown as { metadata: { name: string }; data: object }[];
    for (const e of container.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      const secret = secrets.find((s) => ref && s.metadata.name === ref.name);
      if (ref && secret && !ref.optional) expect(Object.keys(secret.data)).toContain(ref.key);
    }
  });

  it('every PodDisruptionBudget allows at least one eviction at the replica count', () => {
    const pdbs = byKind('PodDisruptionBudget') as unknown as {
      metadata: { name: string };
      spec: {
        minAvailable?: number;
        maxUnavailable?: number;
        selector: { matchLabels: Record<string, string> };
      };
    }[];
    expect(pdbs.length).toBe(APPS.length);
    for (const pdb of pdbs) {
      const target = workloads.find((w) =>
        Object.entries(pdb.spec.selector.matchLabels).every(
          ([k, v]) => w.spec.template.metadata?.labels?.[k] === v,
        ),
      );
      const replicas = target?.spec.replicas ?? 1;
      const allowed =
        pdb.spec.maxUnavailable !== undefined
          ? Math.min(pdb.spec.maxUnavailable, replicas)
          : replicas - (pdb.spec.minAvailable ?? 0);
      expect({ pdb: pdb.metadata.name, allowed: allowed >= 1 }).toEqual({
        pdb: pdb.metadata.name,
        allowed: true,
      });
    }
  });

  it("webhook-ingest's StatefulSet is governed by a headless Service", () => {
    const ingest = workloads.find((w) => appOf(w) === 'webhook-ingest')!;
    expect(ingest.kind).toBe('StatefulSet');
    const governing = objects.find(
      (o) => o.kind === 'Service' && o.metadata.name === ingest.spec.serviceName,
    ) as { spec: { clusterIP?: string } } | undefined;
    expect(governing?.spec.clusterIP).toBe('None');
  });

  if (overlay === 'prod') {
    it('pins images by digest and runs several replicas of each service', () => {
      for (const w of workloads) {
        expect(w.spec.template.spec.containers[0].image).toMatch(/@sha256:[0-9a-f]{64}$/);
        expect(w.spec.replicas).toBeGreaterThanOrEqual(2);
        expect(w.spec.template.spec).toHaveProperty('topologySpreadConstraints');
      }
    });

    it('autoscales gateway and ingest on CPU, the consumers on lag within their partitions', () => {
      const hpas = byKind('HorizontalPodAutoscaler')
        .map((o) => o.metadata.name)
        .sort();
      expect(hpas).toEqual(['gateway', 'webhook-ingest']);
      const scaled = byKind('ScaledObject') as unknown as {
        metadata: { name: string };
        spec: {
          maxReplicaCount: number;
          triggers: { type: string; metadata: { topic: string } }[];
        };
      }[];
      expect(scaled.map((o) => o.metadata.name).sort()).toEqual([
        'analytics-service',
        'session-service',
      ]);
      for (const object of scaled) {
        const trigger = object.spec.triggers[0];
        expect(trigger.type).toBe('kafka');
        const topic = Object.values(Topics).find((t) => t.name === trigger.metadata.topic);
        expect(topic).toBeDefined();
        expect(object.spec.maxReplicaCount).toBeLessThanOrEqual(topic!.partitions);
      }
    });

    it('declares every registry topic for Strimzi, scraping and alert rules', () => {
      const topics = byKind('KafkaTopic') as unknown as { spec: { topicName: string } }[];
      expect(topics.map((t) => t.spec.topicName).sort()).toEqual(
        Object.values(Topics)
          .map((t) => t.name)
          .sort(),
      );
      expect(byKind('ServiceMonitor')).toHaveLength(1);
      expect(byKind('PrometheusRule')).toHaveLength(1);
    });
  }
});
