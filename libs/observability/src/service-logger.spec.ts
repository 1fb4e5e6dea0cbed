import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const LINES = 3_000;

/**
 * A service whose logger writes `LINES` lines and then ends the way services end: a graceful
 * shutdown (`stopped`, flush, `process.exit`), a startup failure (a fatal line, flush, exit 1),
 * or an uncaught error right after an error line (pino flushes at once only at `fatal`). Its stdout is a pipe, as under a container
 * runtime.
 */
function runService(ending: 'shutdown' | 'startup-failure' | 'uncaught') {
  const script = `
    const { serviceLogger } = require(${JSON.stringify(join(__dirname, 'logger-options.ts'))});
    const logger = serviceLogger({ service: 'spec', level: 'info' });
    for (let seq = 0; seq < ${LINES}; seq++) logger.info({ seq, user: 'user-' + seq }, 'webhook');
    const ending = ${JSON.stringify(ending)};
    if (ending === 'shutdown') {
      logger.info('spec stopped');
      logger.flush();
      process.exit(0);
    }
    if (ending === 'startup-failure') {
      logger.fatal({ err: new Error('no broker') }, 'spec failed to start');
      logger.flush();
      process.exit(1);
    }
    logger.error('about to fail');
    throw new Error('uncaught');
  `;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>(
    (done) =>
      child.once('close', (code) =>
        done({
          code,
          stderr,
          lines: stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        }),
      ),
  );
}

const webhookLines = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line['msg'] === 'webhook').map((line) => line['seq']);
const allSeqs = Array.from({ length: LINES }, (_, seq) => seq);

describe('service logger (asynchronous stdout writes)', () => {
  jest.setTimeout(60_000);

  it('loses no line written just before a graceful shutdown exits', async () => {
    const { code, lines } = await runService('shutdown');
    expect(code).toBe(0);
    expect(webhookLines(lines)).toEqual(allSeqs);
    expect(lines.at(-1)).toMatchObject({ service: 'spec', level: 'info', msg: 'spec stopped' });
  });

  it('lands the fatal line of a failed start, after every line before it', async () => {
    const { code, lines } = await runService('startup-failure');
    expect(code).toBe(1);
    expect(webhookLines(lines)).toEqual(allSeqs);
    expect(lines.at(-1)).toMatchObject({ level: 'fatal', msg: 'spec failed to start' });
  });

  it('lands every line, the last error line too, when an uncaught error ends the process', async () => {
    const { code, lines, stderr } = await runService('uncaught');
    expect(code).toBe(1);
    expect(stderr).toMatch(/Error: uncaught/);
    expect(webhookLines(lines)).toEqual(allSeqs);
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'about to fail' });
  });
});
