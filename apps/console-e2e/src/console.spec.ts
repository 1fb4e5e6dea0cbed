import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type GatewayClient } from '@sleep/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { type DemoStack, startDemoStack } from './support/demo-stack';

const SHOTS = join(__dirname, '..', '..', '..', 'tmp', 'console-screenshots');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** What the hypnogram wrote on its box: each run of a stage as drawn, in canvas pixels. */
interface DrawnRun {
  stage: number;
  x0: number;
  x1: number;
  y: number | null;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1_000);
  }
}

/** Consecutive equal stages, as the night's data says they are. */
function runsOf(stages: readonly number[]) {
  const runs: { stage: number; epochs: number }[] = [];
  for (const stage of stages) {
    const last = runs.at(-1);
    if (last?.stage === stage) last.epochs++;
    else runs.push({ stage, epochs: 1 });
  }
  return runs;
}

describe('the console in a real browser, on the demo stack', () => {
  let stack: DemoStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: GatewayClient;
  const consoleUrl = () => `${stack.gatewayUrl}/console/`;

  /** The current page at desktop and phone widths, into the run's screenshot folder. */
  async function shoot(name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await sleep(300);
    await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  async function signIn(token: string) {
    await page.goto(consoleUrl());
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The browser first: afterAll closes it even when the stack does not start.
    browser = await launchChromium();
    stack = await startDemoStack();
    api = createClient({ url: stack.gatewayUrl, getToken: () => stack.token });
    context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('signs in with a token and lists the demo users', async () => {
    await page.goto(consoleUrl());
    await page.getByLabel('Access token').waitFor();
    await shoot('sign-in');
    await signIn(stack.token);
    await page.getByTestId('who').filter({ hasText: 'admin · demo' }).waitFor();
    const users = page.locator('[data-testid=users] tbody tr');
    await users.first().waitFor();
    expect(await users.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user')))).toEqual(
      expect.arrayContaining(['sleeper-1', 'sleeper-2', 'sleeper-3']),
    );
    await page.getByLabel('Search by id').fill('sleeper-2');
    expect(await users.count()).toBe(1);
    await page.getByLabel('Search by id').fill('');
    await shoot('users');
  }, 60_000);

  it("draws a night's hypnogram run for run as its stages say, with its score and stats", async () => {
    // The page lists analysed nights of the last 30 sleep days: one of those (two days' margin
    // for the tenant's zone), not any complete night, which may be older or not yet analysed.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const sessionId = await eventually(
      'an analysed night of sleeper-1 in the last 30 days',
      async () =>
        (
          await api.analytics.nights.query({ appUserId: 'sleeper-1', from: day(-27), to: day(0) })
        ).nights.find((n) => !n.nap)?.sessionId,
      240_000,
    );
    const night = await api.sessions.get.query({ sessionId, appUserId: 'sleeper-1' });
    const stages = night.session.sleep_stages ?? [];
    expect(stages.length).toBeGreaterThan(0);

    await page.goto(`${consoleUrl()}#/users/sleeper-1`);
    await page.locator(`[data-session="${sessionId}"] a`).click();
    const chart = page.locator('[data-testid=hypnogram][data-drawn-runs]');
    await chart.waitFor();
    const drawn = JSON.parse((await chart.getAttribute('data-drawn-runs'))!) as DrawnRun[];
    const expected = runsOf(stages);
    expect(drawn.map((r) => r.stage)).toEqual(expected.map((r) => r.stage));
    // Each run spans its share of the night: widths in proportion to epochs, edge to edge.
    const pxPerEpoch = (drawn.at(-1)!.x1 - drawn[0].x0) / stages.length;
    drawn.forEach((run, i) => {
      expect(Math.abs(run.x1 - run.x0 - expected[i].epochs * pxPerEpoch)).toBeLessThanOrEqual(2);
      if (i > 0) expect(run.x0).toBe(drawn[i - 1].x1);
    });
    // One height per stage, wake on top, then REM, light, deep; no-data runs have none.
    const levelOf = new Map(drawn.filter((r) => r.y !== null).map((r) => [r.stage, r.y!]));
    drawn.forEach((run) => expect(run.y).toBe(run.stage === -1 ? null : levelOf.get(run.stage)));
    const order = [0, 3, 1, 2].filter((stage) => levelOf.has(stage)).map((s) => levelOf.get(s)!);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // The canvas has the stage line where each run says (and nothing where data is missing).
    const samples = await chart.evaluate((box, runs: DrawnRun[]) => {
      const canvas = box.querySelector('canvas')!;
      const context = canvas.getContext('2d')!;
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
      const accent = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const isLine = (x: number, y: number) => {
        const { data } = context.getImageData(x, y - 1, 1, 3);
        for (let p = 0; p < data.length; p += 4) {
          const distance = accent.reduce((sum, c, k) => sum + Math.abs(c - data[p + k]), 0);
          if (data[p + 3] > 128 && distance < 90) return true;
        }
        return false;
      };
      const levels = [...new Set(runs.map((r) => r.y).filter((y) => y !== null))] as number[];
      return runs
        .filter((run) => run.x1 - run.x0 >= 6)
        .map((run) => {
          const x = Math.round((run.x0 + run.x1) / 2);
          return run.y === null
            ? { stage: run.stage, drawn: levels.some((y) => isLine(x, y)) }
            : { stage: run.stage, drawn: isLine(x, run.y) };
        });
    }, drawn);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((s) => s.drawn !== (s.stage !== -1))).toEqual([]);

    await page.getByTestId('stats').getByText('Time asleep').waitFor();
    await page.getByRole('heading', { name: 'Score' }).waitFor();
    await page.locator('[data-testid=score], #score-heading + p').first().waitFor();
    await shoot('night');
    await page.getByLabel('Theme').selectOption('dark');
    await page.locator('[data-testid=hypnogram][data-drawn-runs]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'night-dark-desktop.png'), fullPage: true });
    await page.getByLabel('Theme').selectOption('light');
  }, 300_000);

  it('follows a live night as its windows arrive', async () => {
    await page.goto(`${consoleUrl()}#/users/sleeper-2/live`);
    const seen: { sessionId: string; epochs: number }[] = [];
    const advanced = await eventually(
      'a live night that advances',
      async () => {
        const epochs = page.getByTestId('live-epochs');
        if (!(await epochs.count())) return undefined;
        const sample = {
          sessionId: (await page.locator('#current-heading').textContent()) ?? '',
          epochs: Number(await epochs.textContent()),
        };
        seen.push(sample);
        return seen.find((s) => s.sessionId === sample.sessionId && s.epochs < sample.epochs)
          ? sample
          : undefined;
      },
      180_000,
    );
    expect(advanced.epochs).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=live-events] li').count()).toBeGreaterThan(1);
    await shoot('live-night');
  }, 200_000);

  it('shows trends and weekly reports, and the tenant with its completeness and usage', async () => {
    await page.goto(`${consoleUrl()}#/users/sleeper-1/trends`);
    await page.getByRole('heading', { name: 'Trend', exact: true }).waitFor();
    await page
      .locator('[data-testid=trend-summary], #trend-heading ~ .error')
      .first()
      .waitFor({ timeout: 30_000 });
    await shoot('trends');
    await page.goto(`${consoleUrl()}#/users/sleeper-1`);
    await page.locator('[data-testid=nights] tbody tr').first().waitFor();
    await shoot('nights');
    await page.goto(`${consoleUrl()}#/tenant`);
    await page.getByTestId('usage').waitFor();
    expect(await page.getByLabel('Name').inputValue()).not.toBe('');
    // The demo's three users are fewer than k = 5: the completeness figures stay hidden.
    await page.getByRole('heading', { name: 'Data completeness' }).waitFor();
    await page.getByText(/to show figures \(k-anonymity\)/).waitFor({ timeout: 30_000 });
    await shoot('tenant');
  }, 90_000);

  it('deletes a user after confirmation, by keyboard too, and the list no longer has them', async () => {
    await page.goto(`${consoleUrl()}#/users`);
    const row = page.locator('[data-user="sleeper-3"]');
    await row.waitFor();
    // Keyboard: open the confirmation, Escape leaves everything as it was.
    await page.getByRole('button', { name: 'Delete sleeper-3' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete sleeper-3?' });
    await dialog.waitFor();
    await shoot('delete-user');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.count()).toBe(1);

    await page.getByRole('button', { name: 'Delete sleeper-3' }).click();
    await dialog.getByRole('button', { name: 'Delete sleeper-3' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    const { users } = await api.users.list.query({ limit: 100 });
    expect(users.map((u) => u.appUserId)).not.toContain('sleeper-3');
  }, 60_000);

  it('shows operators the tenants list', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(stack.mintToken('platform', 'console-operator', 'operator'));
    await page.goto(`${consoleUrl()}#/tenants`);
    await page.locator('[data-testid=tenants] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid=tenants] tbody th').allTextContents()).toContain(
      'demo',
    );
    await shoot('tenants');
  }, 180_000);
});
