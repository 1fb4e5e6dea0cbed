import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionEnv } from './support/app-env';
import { freePort, rssMiB, startNode, waitReady } from './support/node-process';
import { APPS, buildApps, exec, ROOT, type AppName } from './support/workspace';

// Each app is bundled, then installed the way its image installs it: its own folder outside the
// workspace (so nothing resolves from the workspace's node_modules), production dependencies
// only, from the lockfile the build generated.
const installs = new Map<AppName, string>();
let scratch: string;

beforeAll(async () => {
  await buildApps();
  scratch = mkdtempSync(join(tmpdir(), 'compiled-apps-'));
  await Promise.all(
    APPS.map(async (app) => {
      const dir = join(scratch, app);
      cpSync(join(ROOT, 'dist/apps', app), dir, { recursive: true });
      await exec('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
      });
      installs.set(app, dir);
    }),
  );
}, 400_000);

afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

describe.each(APPS)('compiled %s', (app) => {
  it('is one bundle with a source map, its migrations and a production-only package.json', () => {
    const dir = installs.get(app)!;
    expect(existsSync(join(dir, 'main.js'))).toBe(true);
    expect(existsSync(join(dir, 'main.js.map'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(pkg.devDependencies ?? {}).toEqual({});
    expect(pkg.dependencies).toHaveProperty('@nestjs/core');
    // typescript is absent from this list: tRPC declares it as a peer dependency, so npm installs it.
    for (const dev of ['jest', '@swc/core', 'nx', '@swc-node/register']) {
      expect(existsSync(join(dir, 'node_modules', dev))).toBe(false);
    }
    // Nest resolves constructor parameters from decorator metadata; esbuild alone drops it.
    expect(readFileSync(join(dir, 'main.js'), 'utf8')).toContain('design:paramtypes');
  });

  it('boots in production mode against the real broker and database, exits 0 on SIGTERM', async () => {
    const dir = installs.get(app)!;
    const proc = startNode(
      ['--enable-source-maps', 'main.js'],
      { port: await freePort(), managementPort: await freePort() },
      productionEnv(app),
      dir,
    );
    try {
      const readyMs = await waitReady(proc);
      const ready = (await (await fetch(`${proc.managementUrl}/health/ready`)).json()) as {
        details: Record<string, unknown>;
      };
      expect(Object.keys(ready.details)).toEqual(expect.arrayContaining(['kafka']));
      console.log(
        `${app}: compiled, ready in ${Math.round(readyMs)} ms, RSS ${rssMiB(proc.child.pid!).toFixed(0)} MiB`,
      );
    } finally {
      const { code } = await proc.stop('SIGTERM');
      expect({ code, output: code === 0 ? '' : proc.output().slice(-2000) }).toEqual({
        code: 0,
        output: '',
      });
    }
  }, 120_000);
});

describe('compiled gateway', () => {
  it('carries the web console and serves it at /console/', async () => {
    const dir = installs.get('gateway')!;
    expect(existsSync(join(dir, 'console', 'index.html'))).toBe(true);
    const proc = startNode(
      ['main.js'],
      { port: await freePort(), managementPort: await freePort() },
      productionEnv('gateway'),
      dir,
    );
    try {
      await waitReady(proc);
      const page = await fetch(`${proc.url}/console/`);
      expect(page.status).toBe(200);
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`${proc.url}${script}`)).status).toBe(200);
    } finally {
      await proc.stop('SIGTERM');
    }
  }, 120_000);
});
