// The console's weight and first load: gzip size of the JS a first visit loads (goal: under
// 200 KB), then time to a usable users page in headless Chromium on the local demo stack.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../src/support/chromium';
import { startDemoStack } from '../src/support/demo-stack';

const BUILD = join(__dirname, '..', '..', '..', 'dist', 'apps', 'gateway', 'console');
const INITIAL_JS_BUDGET_KB = 200;
const LOADS = 5;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const gzipSize = (file: string) => gzipSync(readFileSync(join(BUILD, file)), { level: 9 }).length;

/** The scripts index.html loads at once: its entry and the chunks it preloads. */
function initialScripts(): string[] {
  const html = readFileSync(join(BUILD, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
}

function bundle(): number {
  const initial = initialScripts();
  const initialGzip = initial.reduce((sum, file) => sum + gzipSize(file), 0);
  console.log(
    `initial JS: ${kb(initialGzip)} KB gzip in ${initial.length} file(s) (budget ${INITIAL_JS_BUDGET_KB} KB)`,
  );
  for (const file of readdirSync(join(BUILD, 'assets')).sort()) {
    if (!file.endsWith('.js') || initial.includes(`assets/${file}`)) continue;
    console.log(`  loaded later: ${file} ${kb(gzipSize(`assets/${file}`))} KB gzip`);
  }
  return initialGzip;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function firstLoads(): Promise<void> {
  const stack = await startDemoStack({ users: 2 });
  const browser = await launchChromium();
  try {
    const toUsers: number[] = [];
    const domReady: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      // A fresh context each time: an empty cache, as on a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(
        (token) => sessionStorage.setItem('sleep-console.token', token),
        stack.token,
      );
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${stack.gatewayUrl}/console/#/users`);
      await page.locator('[data-testid=users] tbody tr').first().waitFor({ timeout: 60_000 });
      toUsers.push(Date.now() - started);
      domReady.push(
        await page.evaluate(() => {
          const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          return Math.round(nav.domContentLoadedEventEnd);
        }),
      );
      await context.close();
    }
    console.log(
      `first load, cold cache (${LOADS} loads): DOMContentLoaded median ${median(domReady)} ms; users listed median ${median(toUsers)} ms (all: ${toUsers.join(', ')} ms)`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function main() {
  const initialGzip = bundle();
  await firstLoads();
  if (initialGzip > INITIAL_JS_BUDGET_KB * 1024) {
    console.error(`initial JS over budget: ${kb(initialGzip)} KB > ${INITIAL_JS_BUDGET_KB} KB`);
    process.exit(1);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
