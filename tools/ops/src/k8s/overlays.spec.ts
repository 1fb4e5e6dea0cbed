import { Topics } from '@sleep/contracts';
import { DEV_EVENT_SIGNING_SEED, publicKeyOf, serviceAcls } from '@sleep/messaging';
import { renderOverlay, OVERLAYS } from '../support/kustomize';
import { UNMODELLED_GROUPS, validateObjects } from '../support/k8s-schemas';
import { ingressAllowed, type NetworkPolicy } from '../support/network-policy';
import {
  appOf,
  type Container,
  isWorkload,
  StrimziKafkaUserSchema,
} from '../support/k8s-workloads';
import { appEnv, type AppEnv } from '../support/required-env';
import { APPS, type AppName } from '../support/workspace';

/** A required variable that another one can stand in for (the gateway takes either). */
const ALTERNATIVES: Record<string, string[]> = { JWT_JWKS_URL: ['JWT_SECRET'] };

const envs = new Map<AppName, AppEnv>();
beforeAll(async () => {
  for (const app of APPS) envs.set(app, await appEnv(app));
}, 180_000);

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

  it.each(APPS)('%s: probes and metrics on the management port, never the public one', (app) => {
    const workload = workloads.find((w) => appOf(w) === app)!;
    const container = workload.spec.template.spec.containers[0] as Container & {
      ports: { name: string; containerPort: number }[];
    };
    const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    const management = container.ports.find((p) => p.name === 'management');
    expect(String(management?.containerPort)).toBe(config.data['MANAGEMENT_PORT']);
    for (const probe of [
      container.startupProbe,
      container.livenessProbe,
      container.readinessProbe,
    ] as { httpGet: { port: string } }[])
      expect(probe.httpGet.port).toBe('management');
  });

  it('gives each workload only the secrets it uses: ingest, exposed to the internet, holds none of the JWT secret, the KEK or a service key', () => {
    const secretsOf = (app: AppName) =>
      (workloads.find((w) => appOf(w) === app)!.spec.template.spec.containers[0].env ?? [])
        .filter((e) => e.valueFrom?.secretKeyRef)
        .map((e) => e.name)
        .sort();
    expect(Object.fromEntries(APPS.map((app) => [app, secretsOf(app)]))).toEqual({
      gateway: [
        'DATABASE_URL',
        'EVENT_SIGNING_KEY',
        'JWT_SECRET',
        'REDIS_URL',
        'SERVICE_TOKEN_KEY',
        'TENANT_KEK',
        'TENANT_KEK_PREVIOUS',
      ],
      'webhook-ingest': ['WEBHOOK_API_KEYS'],
      'session-service': [
        'DATABASE_URL',
        'SERVICE_TOKEN_TRUSTED_KEYS',
        'TENANT_KEK',
        'TENANT_KEK_PREVIOUS',
      ],
      'analytics-service': ['DATABASE_URL', 'SERVICE_TOKEN_KEY', 'SERVICE_TOKEN_TRUSTED_KEYS'],
    });
    // Whole Secrets only for a workload's own Kafka credentials (optional, one per service).
    for (const workload of workloads)
      for (const from of workload.spec.template.spec.containers[0].envFrom ?? [])
        if (from.secretRef)
          expect(from.secretRef.name).toBe(`sleep-platform-kafka-${appOf(workload)}`);
  });

  it(`runs in production mode unless it carries development secrets`, () => {
    const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    expect(config.data['NODE_ENV']).toBe(overlay === 'dev' ? 'development' : 'production');
  });

  it('verifies announcements with the public key of the signing key, never the development one in production', () => {
    const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    const verifyKeys = config.data['EVENT_VERIFY_KEYS'].split(',');
    const developmentKey = publicKeyOf(DEV_EVENT_SIGNING_SEED);
    if (overlay !== 'dev') {
      expect(verifyKeys).not.toContain(developmentKey);
      return;
    }
    // The dev overlay renders its Secret: what the gateway signs with, the consumers verify with.
    const secret = byKind('Secret')[0] as unknown as { data: Record<string, string> };
    const seed = Buffer.from(secret.data['EVENT_SIGNING_KEY'].replace(/\s/g, ''), 'base64');
    expect(verifyKeys).toEqual([publicKeyOf(seed.toString('utf8'))]);
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

  it('admits only the intended callers to each port (NetworkPolicies)', () => {
    const policies = byKind('NetworkPolicy') as NetworkPolicy[];
    const namespace = workloads[0].metadata.namespace ?? 'default';
    const pod = (app: AppName) => ({
      labels: workloads.find((w) => appOf(w) === app)!.spec.template.metadata!.labels!,
      namespace,
    });
    const clients = {
      gateway: pod('gateway'),
      'webhook-ingest': pod('webhook-ingest'),
      'session-service': pod('session-service'),
      'analytics-service': pod('analytics-service'),
      'a pod of the namespace': { labels: { app: 'debug' }, namespace },
      'a gateway-labelled pod elsewhere': { labels: pod('gateway').labels, namespace: 'other' },
      prometheus: { labels: { app: 'prometheus' }, namespace: 'monitoring' },
    };
    const ports: Record<AppName, number> = {
      gateway: 3000,
      'webhook-ingest': 3001,
      'session-service': 3002,
      'analytics-service': 3003,
    };
    const reach = (app: AppName, port: number) =>
      Object.entries(clients)
        .filter(([, client]) => ingressAllowed(policies, pod(app), port, client))
        .map(([name]) => name);
    const everyone = Object.keys(clients);
    expect(reach('gateway', ports.gateway)).toEqual(everyone);
    expect(reach('webhook-ingest', ports['webhook-ingest'])).toEqual(everyone);
    expect(reach('session-service', ports['session-service'])).toEqual([
      'gateway',
      'analytics-service',
    ]);
    expect(reach('analytics-service', ports['analytics-service'])).toEqual(['gateway']);
    for (const app of APPS) {
      expect({ app, management: reach(app, 9464) }).toEqual({ app, management: ['prometheus'] });
      // Nothing else is open: a port no policy names is closed to everyone.
      expect({ app, other: reach(app, 5005) }).toEqual({ app, other: [] });
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
      // Strimzi owns them, and no service's KafkaUser may create topics.
      const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
        data: Record<string, string>;
      };
      expect(config.data['KAFKA_CREATE_TOPICS']).toBe('false');
      expect(byKind('ServiceMonitor')).toHaveLength(1);
      expect(byKind('PrometheusRule')).toHaveLength(1);
    });

    it('declares a Strimzi KafkaUser per service with exactly the ACLs of the shared table', () => {
      const users = byKind('KafkaUser').map((o) => StrimziKafkaUserSchema.parse(o));
      expect(users.map((u) => u.metadata.name).sort()).toEqual([...APPS].sort());
      const table = serviceAcls();
      for (const user of users) {
        const acls = table[user.metadata.name as AppName];
        const granted = (type: string, operation: string) =>
          user.spec.authorization.acls
            .filter(
              (a) => a.resource.type === type && (a.operations as string[]).includes(operation),
            )
            .map((a) => a.resource.name)
            .sort();
        expect(granted('topic', 'Read')).toEqual([...acls.reads].sort());
        expect(granted('topic', 'Write')).toEqual([...acls.writes].sort());
        expect(granted('group', 'Read')).toEqual([...acls.groupPrefixes].sort());
        for (const acl of user.spec.authorization.acls)
          expect(acl.resource.patternType).toBe(
            acl.resource.type === 'group' ? 'prefix' : 'literal',
          );
      }
    });
  }
});
