import { z } from 'zod';
import { isAsleepError } from '../errors';
import { errorForStatus, parseBody } from '../responses';

const redact = (text: string) => text.replaceAll('the-key', '[redacted]');
const body = (detail: unknown) => JSON.stringify({ detail });
const classify = (status: number, text: string) => {
  const error = errorForStatus('getUser', status, text, redact);
  return {
    kind: error.kind,
    status: error.status,
    detail: error.detail,
    retryable: error.retryable,
  };
};

describe('errorForStatus (Asleep contract 4.1, 4.2)', () => {
  it('maps each status to its kind', () => {
    expect(classify(401, body('Unauthorized'))).toMatchObject({
      kind: 'unauthorized',
      retryable: false,
    });
    expect(classify(404, body('user does not exist'))).toMatchObject({
      kind: 'not_found',
      detail: 'user does not exist',
    });
    expect(classify(500, '')).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classify(503, body('Service Unavailable'))).toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    expect(classify(302, '')).toMatchObject({ kind: 'invalid_response' });
    expect(classify(409, body('previous session not closed'))).toMatchObject({
      kind: 'invalid_request',
    });
  });

  it('tells a rate limit from a terminal 403 by its detail only', () => {
    expect(classify(403, body('Rate limit exceeded'))).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
    });
    expect(classify(403, body('rate LIMIT reached'))).toMatchObject({ kind: 'rate_limited' });
    expect(classify(403, body('Quota exceeded'))).toMatchObject({
      kind: 'forbidden',
      retryable: false,
    });
    expect(classify(403, body('Plan is expired'))).toMatchObject({ kind: 'forbidden' });
    expect(classify(403, 'not json')).toMatchObject({ kind: 'forbidden' });
  });

  it('carries a 400 message and a FastAPI-style 422 list', () => {
    expect(classify(400, body('The invalid timezone is provided'))).toMatchObject({
      kind: 'invalid_request',
      detail: 'The invalid timezone is provided',
    });
    const error = errorForStatus(
      'createUser',
      422,
      body([
        {
          loc: ['body', 'metadata', 'birth_month'],
          msg: 'Input should be less than or equal to 12',
          type: 'x',
        },
      ]),
      redact,
    );
    expect(isAsleepError(error) && error.kind === 'invalid_request' && error.issues).toEqual([
      { path: 'body.metadata.birth_month', message: 'Input should be less than or equal to 12' },
    ]);
    expect(error.message).toContain(
      'body.metadata.birth_month: Input should be less than or equal to 12',
    );
  });

  it('redacts the key if upstream echoes it', () => {
    const error = errorForStatus('getUser', 401, body('bad key the-key'), redact);
    expect(error.message).not.toContain('the-key');
    expect(errorForStatus('getUser', 502, '<html>the-key</html>', redact).message).not.toContain(
      'the-key',
    );
  });
});

describe('parseBody', () => {
  const schema = z.object({ result: z.object({ n: z.int() }) });
  it('returns the parsed body', () => {
    expect(parseBody('getUser', schema, { status: 200, text: '{"result":{"n":1}}' })).toEqual({
      result: { n: 1 },
    });
  });
  it('rejects non-JSON and mismatches as invalid_response, naming the path not the value', () => {
    expect(() => parseBody('getUser', schema, { status: 200, text: '<html>' })).toThrow(
      expect.objectContaining({ kind: 'invalid_response' }),
    );
    try {
      parseBody('getUser', schema, { status: 200, text: '{"result":{"n":"secret-value"}}' });
      throw new Error('unreachable');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid_response', issues: [{ path: 'result.n' }] });
      expect(String(error)).not.toContain('secret-value');
    }
  });
});
