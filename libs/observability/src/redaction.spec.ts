import pino from 'pino';
import { Writable } from 'node:stream';
import { serviceLoggerOptions } from './logger-options';

describe('logger redaction', () => {
  it('never writes API keys, authorization headers or tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino(serviceLoggerOptions({ service: 's', level: 'info' }), sink);
    logger.info(
      {
        req: { headers: { 'x-api-key': 'sk-live-secret', authorization: 'Bearer abc.def' } },
        tenant: { apiKey: 'sk-2' },
        token: 'tok-3',
      },
      'request',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/sk-live-secret|abc\.def|sk-2|tok-3/);
    expect(JSON.parse(out)).toMatchObject({ service: 's', level: 'info', msg: 'request' });
  });
});
