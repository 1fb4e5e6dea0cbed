import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { guardedLookup, isPublicAddress, PRODUCTION_TARGET_POLICY, refusalOf } from '../index';

describe('target guard', () => {
  it('tells public addresses from loopback, private, link-local and mapped ones', () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:4700::6810:85e5')).toBe(true);
    for (const inside of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      expect([inside, isPublicAddress(inside)]).toEqual([inside, false]);
  });

  it('refuses bad and inside URLs in production with a reason', () => {
    expect(refusalOf('not a url', PRODUCTION_TARGET_POLICY)).toMatch(/valid absolute URL/);
    expect(refusalOf('http://example.com/hook', PRODUCTION_TARGET_POLICY)).toMatch(/https/);
    expect(refusalOf('ftp://example.com/hook', PRODUCTION_TARGET_POLICY)).toMatch(/https/);
    expect(refusalOf('https://user:pw@example.com/', PRODUCTION_TARGET_POLICY)).toMatch(
      /credentials/,
    );
    expect(refusalOf('https://127.0.0.1/hook', PRODUCTION_TARGET_POLICY)).toMatch(/private/);
    expect(refusalOf('https://[::1]/hook', PRODUCTION_TARGET_POLICY)).toMatch(/private/);
    expect(refusalOf('https://169.254.169.254/latest', PRODUCTION_TARGET_POLICY)).toMatch(
      /private/,
    );
    expect(refusalOf('https://localhost/hook', PRODUCTION_TARGET_POLICY)).toMatch(/private/);
    expect(refusalOf('https://hooks.example.com/sleep', PRODUCTION_TARGET_POLICY)).toBeNull();
    expect(
      refusalOf('http://127.0.0.1:8080/hook', { allowHttp: true, allowPrivateNetworks: true }),
    ).toBeNull();
  });

  it('refuses at connect time a name that resolves inside, unless allowed', async () => {
    const server = createServer((_, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const agents: Agent[] = [];
    const call = (allowPrivateNetworks: boolean) => {
      const agent = new Agent({
        connect: { lookup: guardedLookup({ allowHttp: true, allowPrivateNetworks }) },
      });
      agents.push(agent);
      return request(`http://localhost:${port}/`, { dispatcher: agent });
    };
    try {
      await expect(call(false)).rejects.toThrow(/non-public address/);
      const allowed = await call(true);
      expect(await allowed.body.text()).toBe('ok');
    } finally {
      await Promise.all(agents.map((agent) => agent.close()));
      server.close();
    }
  });
});
