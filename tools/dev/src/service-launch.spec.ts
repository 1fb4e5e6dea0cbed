import { serviceNodeArgs } from './service-launch';

const semiSpace = (args: string[]) =>
  args.filter((arg) => arg.startsWith('--max-semi-space-size=')).at(-1);

describe('serviceNodeArgs: the V8 flags of each app as deployed', () => {
  const saved = process.env['SERVICE_NODE_FLAGS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SERVICE_NODE_FLAGS'];
    else process.env['SERVICE_NODE_FLAGS'] = saved;
  });

  it('gives analytics-service and session-service 16 MB semi-spaces, webhook-ingest 8 MB and the other apps the common flags', () => {
    delete process.env['SERVICE_NODE_FLAGS'];
    for (const mode of ['compiled', 'swc-on-load'] as const) {
      for (const app of ['analytics-service', 'session-service'])
        expect(semiSpace(serviceNodeArgs('/repo', app, mode))).toBe('--max-semi-space-size=16');
      expect(semiSpace(serviceNodeArgs('/repo', 'webhook-ingest', mode))).toBe(
        '--max-semi-space-size=8',
      );
      expect(semiSpace(serviceNodeArgs('/repo', 'gateway', mode))).not.toBe(
        '--max-semi-space-size=16',
      );
    }
  });

  it('adds nothing to flags given in SERVICE_NODE_FLAGS', () => {
    process.env['SERVICE_NODE_FLAGS'] = '';
    expect(semiSpace(serviceNodeArgs('/repo', 'analytics-service', 'compiled'))).not.toBe(
      '--max-semi-space-size=16',
    );
  });
});
