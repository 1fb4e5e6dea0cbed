import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { publicKeyOf } from '@sleep/messaging';
import { appEnv, type AppEnv } from '../support/required-env';
import { APPS, ROOT, type AppName } from '../support/workspace';

// No Docker engine here: these tests check what can be checked without one.
const DOCKER = join(ROOT, 'docker');
const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');

interface K8sObject {
  spec?: {
    template?: {
      spec?: { containers?: { name: string; env?: { name: string; value?: string }[] }[] };
    };
  };
}

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string>; target?: string };
  image?: string;
  env_file?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
}
const compose = parse(readFileSync(join(DOCKER, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** `ENV` of the runtime stage: what every service container starts with. */
function runtimeEnv(): string[] {
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  return [...runtime.matchAll(/^ENV (.+)$/gm)].flatMap((m) =>
    [...m[1].matchAll(/([A-Z_]+)=/g)].map((v) => v[1]),
  );
}

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);

  it('builds in stages from a base pinned by digest', () => {
    expect(stages).toEqual(['workspace', 'build', 'deps', 'runtime']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[\w.-]*@sha256:[0-9a-f]{64}$/m);
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.every((base) => base === '${NODE_IMAGE}' || stages.includes(base))).toBe(true);
  });

  it('installs production dependencies only, from the generated lockfile, and the bundle', () => {
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('COPY --from=build /src/dist/apps/${APP}/package.json');
    expect(dockerfile).toContain('COPY --from=build /src/dist/apps/${APP} ./');
    expect(dockerfile).toMatch(/CMD \["node", "--enable-source-maps", "main\.js"\]/);
    // The heap follows the container's memory limit, not the machine's.
    expect(dockerfile).toMatch(
      /ENV NODE_OPTIONS="--max-old-space-size-percentage=\d+ --max-semi-space-size=\d+"/,
    );
  });

  it('runs as a numeric non-root user behind an init process, with OCI labels', () => {
    const user = dockerfile.match(/^USER (\d+):(\d+)$/m);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(dockerfile).toContain(`chown ${user?.[1]}:${user?.[2]} /var/lib/sleep`);
    for (const label of ['title', 'version', 'revision', 'created', 'source', 'base.name'])
      expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
  });

  it('gets a build context without installed, built or secret files', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.env', 'docker/dev.env', 'docker/env'])
      expect(ignored).toContain(entry);
  });

  it('makes a container production unless told otherwise', () => {
    expect(dockerfile.slice(dockerfile.indexOf('AS runtime'))).toMatch(
      /^ENV .*NODE_ENV=production/m,
    );
  });

  it('bakes in no secrets', () => {
    const declared = [...dockerfile.matchAll(/^(?:ENV|ARG) (.+)$/gm)].map((m) => m[1]).join(' ');
    expect(declared).not.toMatch(/SECRET|KEK|PASSWORD|TOKEN|API_KEY|DATABASE_URL/);
    expect(dockerfile).not.toMatch(/COPY .*\.env\b/);
  });
});

describe('docker/compose.yaml', () => {
  const envs = new Map<AppName, AppEnv>();
  beforeAll(async () => {
    for (const app of APPS) envs.set(app, await appEnv(app));
  }, 60_000);

  const declaredArgs = [...dockerfile.matchAll(/^ARG ([A-Z_]+)/gm)].map((m) => m[1]);
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);

  it('runs the whole stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['kafka', 'postgres', 'redis', 'prometheus', 'grafana', 'asleep-sim', ...APPS].sort(),
    );
  });

  it.each(Object.entries(compose.services))(
    '%s references only existing files, build args, stages and volumes',
    (_name, service) => {
      if (service.build) {
        const context = resolve(DOCKER, service.build.context);
        expect(existsSync(join(context, service.build.dockerfile))).toBe(true);
        for (const arg of Object.keys(service.build.args ?? {}))
          expect(declaredArgs).toContain(arg);
        if (service.build.target) expect(stages).toContain(service.build.target);
      }
      for (const file of service.env_file ?? []) expect(existsSync(join(DOCKER, file))).toBe(true);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(existsSync(resolve(DOCKER, source))).toBe(true);
        else expect(compose.volumes).toHaveProperty(source);
      }
    },
  );

  it('publishes each host port once, to the port the service listens on', () => {
    const hostPorts = Object.values(compose.services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(':')[0]),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    for (const app of APPS) {
      const service = compose.services[app];
      for (const port of service.ports ?? [])
        expect(port.split(':')[1]).toBe(String(service.environment?.['PORT']));
    }
  });

  it.each(APPS)('%s gets every variable it requires in production', (app) => {
    const service = compose.services[app];
    const provided: Record<string, string> = {};
    for (const name of runtimeEnv()) provided[name] = 'set by the image';
    for (const file of service.env_file ?? []) Object.assign(provided, envFile(join(DOCKER, file)));
    for (const [k, v] of Object.entries(service.environment ?? {})) provided[k] = String(v);
    const missing = envs
      .get(app)!
      .required.filter(
        (name) => !(name in provided) && !(name === 'JWT_JWKS_URL' && provided['JWT_SECRET']),
      );
    expect(missing).toEqual([]);
    expect(service.build?.args?.['APP']).toBe(app);
  });

  it('gives each service only its own secrets, and development mode for development ones', () => {
    const SECRETS = [
      'JWT_SECRET',
      'TENANT_KEK',
      'TENANT_KEK_PREVIOUS',
      'EVENT_SIGNING_KEY',
      'SERVICE_TOKEN_KEY',
      'SERVICE_TOKEN_TRUSTED_KEYS',
      'DATABASE_URL',
      'REDIS_URL',
      'WEBHOOK_API_KEYS',
      'ASLEEP_API_KEYS',
    ];
    const secretsOf = (app: AppName) => {
      const service = compose.services[app];
      const given: Record<string, string> = {};
      for (const file of service.env_file ?? []) Object.assign(given, envFile(join(DOCKER, file)));
      for (const [k, v] of Object.entries(service.environment ?? {})) given[k] = String(v);
      expect({ app, NODE_ENV: given['NODE_ENV'] }).toEqual({ app, NODE_ENV: 'development' });
      return SECRETS.filter((name) => name in given).sort();
    };
    expect(Object.fromEntries(APPS.map((app) => [app, secretsOf(app)]))).toEqual({
      gateway: [
        'DATABASE_URL',
        'EVENT_SIGNING_KEY',
        'JWT_SECRET',
        'REDIS_URL',
        'SERVICE_TOKEN_KEY',
        'TENANT_KEK',
      ],
      'webhook-ingest': ['WEBHOOK_API_KEYS'],
      'session-service': ['DATABASE_URL', 'SERVICE_TOKEN_TRUSTED_KEYS', 'TENANT_KEK'],
      'analytics-service': ['DATABASE_URL', 'SERVICE_TOKEN_KEY', 'SERVICE_TOKEN_TRUSTED_KEYS'],
    });
  });

  it('verifies announcements with the public key of what the gateway signs with', () => {
    const seed = envFile(join(DOCKER, compose.services['gateway'].env_file![0]))[
      'EVENT_SIGNING_KEY'
    ];
    for (const app of APPS)
      expect({ app, keys: compose.services[app].environment?.['EVENT_VERIFY_KEYS'] }).toEqual({
        app,
        keys: publicKeyOf(seed),
      });
  });

  it('scrapes every service on its management port and probes readiness there', () => {
    const config = parse(readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((c) =>
      c.static_configs.flatMap((s) => s.targets),
    );
    expect(targets.sort()).toEqual(APPS.map((app) => `${app}:9464`).sort());
    for (const app of APPS) {
      const service = compose.services[app] as ComposeService & {
        healthcheck?: { test: string[] };
      };
      expect(String(service.environment?.['MANAGEMENT_PORT'])).toBe('9464');
      expect(service.healthcheck?.test.join(' ')).toContain('process.env.MANAGEMENT_PORT');
    }
  });

  it('points the services at the simulator, which runs a real CLI of the workspace', () => {
    const sim = compose.services['asleep-sim'];
    expect(existsSync(join(ROOT, sim.command![3]))).toBe(true);
    expect(sim.command).toContain('demo');
    for (const app of ['gateway', 'session-service'] as const)
      expect(compose.services[app].environment?.['ASLEEP_BASE_URL']).toBe('http://asleep-sim:4010');
  });

  it('mounts the alert rules into Prometheus and loads them', () => {
    const config = readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8');
    expect(config).toContain('/etc/prometheus/rules/*.rules.yml');
    expect(compose.services['prometheus'].volumes).toContain(
      './prometheus/rules:/etc/prometheus/rules:ro',
    );
  });

  it('runs each app with the V8 flags of its k8s manifest, 16 MB semi-spaces where it needs them', () => {
    const imageFlags = dockerfile.match(/^ENV NODE_OPTIONS="(.+)"$/m)?.[1];
    const flags = (environment: Record<string, string | number> | undefined) =>
      String(environment?.['NODE_OPTIONS'] ?? imageFlags);
    for (const app of APPS) {
      const manifest = parseAllDocuments(
        readFileSync(join(ROOT, 'k8s', 'base', `${app}.yaml`), 'utf8'),
      ).map((document) => document.toJSON() as K8sObject | null);
      const workload = manifest.find((object) => object?.spec?.template?.spec?.containers);
      const container = workload?.spec?.template?.spec?.containers?.find((c) => c.name === app);
      const k8sEnv = Object.fromEntries(
        (container?.env ?? []).flatMap(({ name, value }) =>
          value === undefined ? [] : [[name, value]],
        ),
      );
      expect(`${app}: ${flags(compose.services[app].environment)}`).toBe(
        `${app}: ${flags(k8sEnv)}`,
      );
      const semiSpace = flags(k8sEnv).match(/--max-semi-space-size=(\d+)/)?.[1];
      const wanted = ['analytics-service', 'session-service'].includes(app)
        ? '16'
        : app === 'webhook-ingest'
          ? '8'
          : '4';
      expect(`${app}: ${semiSpace}`).toBe(`${app}: ${wanted}`);
    }
  });
});
