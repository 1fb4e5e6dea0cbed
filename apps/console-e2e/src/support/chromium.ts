import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's chromium, installed when missing (once; quiet unless it fails). */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'pipe' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      env,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stderr } = error as { stderr?: Buffer };
    throw new Error(
      `chromium is missing and could not be installed (apt-get install chromium, as root): ${stderr?.toString() ?? String(error)}`,
    );
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`apt-get installed chromium, yet ${CHROMIUM} is missing`);
  return CHROMIUM;
}

/** Headless Chromium; never a browser downloaded by playwright itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
