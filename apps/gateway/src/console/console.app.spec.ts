import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@sleep/service-kit';
import { envSchema } from '../config';
import {
  type GatewayFixture,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from '../__tests__/gateway-fixture';
import { consoleSettings } from './console.route';

describe('the console served by the gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-files-'));
  let gw: GatewayFixture;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sleep console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    gw = await startGateway({ CONSOLE_DIR: dir });
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await gw?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page uncached and its hashed assets for a year', async () => {
    const bare = await fetch(`${gw.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/console/');
    const page = await fetch(`${gw.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('Sleep console');
    const asset = await fetch(`${gw.url}/console/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${gw.url}/console/assets/missing.js`)).status).toBe(404);
  });

  it('tells the console to sign in with a token when no identity provider is configured', async () => {
    const settings = await fetch(`${gw.url}/console/config.json`);
    expect(settings.status).toBe(200);
    expect(await settings.json()).toEqual({ oidc: null });
  });

  it('names the identity provider and the console client once both are configured', () => {
    const config = (env: Record<string, string>) =>
      loadConfig(envSchema, { LOG_LEVEL: 'silent', ...env });
    const withProvider = {
      JWT_ISSUER: 'https://login.example.com/realms/sleep',
      JWT_JWKS_URL: 'https://login.example.com/realms/sleep/certs',
    };
    expect(consoleSettings(config(withProvider))).toEqual({ oidc: null });
    expect(consoleSettings(config({ ...withProvider, CONSOLE_OIDC_CLIENT_ID: 'console' }))).toEqual(
      {
        oidc: {
          authority: 'https://login.example.com/realms/sleep',
          clientId: 'console',
          scope: 'openid profile',
        },
      },
    );
  });
});
