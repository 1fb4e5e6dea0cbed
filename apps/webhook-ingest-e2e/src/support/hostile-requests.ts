import fc from 'fast-check';
import {
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleSessionCompleteV2,
} from '@sleep/contracts/testing';

export interface HostileRequest {
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Carries the one configured key (as HTTP reads it). */
  authentic: boolean;
}

export interface Identities {
  apiKey: string;
  /** The user of authentic bodies. */
  userId: string;
  /** Marks every body sent without the key: it must never reach a topic. */
  stranger: string;
}

const samples = [
  sampleInferenceComplete,
  sampleSessionComplete,
  sampleInferenceCompleteV2,
  sampleSessionCompleteV2,
];

function withUser(sample: unknown, userId: string): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(sample).replaceAll('G-20250301093015-Qw8ErTy2UiOp4AsDfGh1', userId),
  );
}

/** Replaces a random place of a real body by a value of the wrong type, or removes it. */
function mutated(userId: string) {
  return fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean()), { maxLength: 3 }),
    )
    .map(([sample, edits]) => {
      const body = withUser(sample, userId);
      for (const [pick, value, remove] of edits) {
        const paths = leafPaths(body);
        const path = paths[pick % paths.length];
        const parent = path.slice(0, -1).reduce<any>((node, key) => node?.[key], body);
        if (parent && typeof parent === 'object' && path.length > 0) {
          if (remove && !Array.isArray(parent)) delete parent[path[path.length - 1]];
          else parent[path[path.length - 1]] = structuredClone(value);
        }
      }
      return JSON.stringify(body);
    });
}

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.slice(0, 5).map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
}

function bodies(userId: string): fc.Arbitrary<string | Uint8Array> {
  const deep = fc.integer({ min: 1, max: 30_000 });
  return fc.oneof(
    { arbitrary: mutated(userId), weight: 4 },
    fc.constantFrom(...samples).map((sample) => JSON.stringify(withUser(sample, userId))),
    fc.uint8Array({ maxLength: 4_000 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    deep.map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    deep.map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    deep.map((depth) => '['.repeat(depth)),
    fc.integer({ min: 3_000, max: 40_000 }).map((length) =>
      JSON.stringify({
        ...withUser(sampleInferenceComplete, userId),
        data: {
          ...(withUser(sampleInferenceComplete, userId)['data'] as object),
          sleep_stages: Array(length).fill(1),
        },
      }),
    ),
    fc.integer({ min: 66_000, max: 200_000 }).map((length) => `{"pad":"${'x'.repeat(length)}"}`),
    fc.constantFrom(
      '{"__proto__":{"polluted":true},"event":"SESSION_COMPLETE"}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\ufeff{}',
      '\u0000',
      '{"event":"INFERENCE_COMPLETE","data":{"user_id":{"toString":1}}}',
      '1e999999',
      '"\\ud800"',
      '',
    ),
  );
}

function headerValue(): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 200,
  });
}

/** Thousands of requests a hostile or broken sender could make, well-formed HTTP each. */
export function hostileRequests(ids: Identities): fc.Arbitrary<HostileRequest> {
  const key = fc.oneof(
    { arbitrary: fc.constant<string | undefined>(ids.apiKey), weight: 3 },
    fc.constant(undefined),
    fc.constant(ids.apiKey.slice(0, -1) + (ids.apiKey.endsWith('0') ? '1' : '0')),
    fc.constant(` ${ids.apiKey}`),
    fc.constant(`${ids.apiKey}, ${ids.apiKey}`),
    fc.constant(ids.apiKey.toUpperCase()),
    fc.constant('x'.repeat(8_000)),
    headerValue(),
  );
  const user = fc.oneof(
    { arbitrary: fc.constant<string | undefined>(ids.userId), weight: 3 },
    fc.constant(undefined),
    fc.constant('x'.repeat(300)),
    headerValue(),
  );
  const type = fc.oneof(
    { arbitrary: fc.constant<string | undefined>('application/json'), weight: 4 },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/json-seq',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
    fc.constant(undefined),
    headerValue(),
  );
  return fc
    .record({ apiKey: key, userId: user, contentType: type, body: bodies(ids.userId) })
    .map(({ apiKey, userId, contentType, body }) => {
      // HTTP drops whitespace around a field value, so ` key` is the key.
      const authentic = apiKey?.trim() === ids.apiKey;
      const headers: Record<string, string> = {};
      if (apiKey !== undefined) headers['x-api-key'] = apiKey;
      if (userId !== undefined) headers['x-user-id'] = authentic ? userId : ids.stranger;
      if (contentType !== undefined) headers['content-type'] = contentType;
      const sent =
        authentic || typeof body !== 'string' ? body : body.replaceAll(ids.userId, ids.stranger);
      return { headers, body: sent, authentic };
    });
}

/** Raw bytes on a socket: broken framing, lies about lengths, binary noise. */
export function brokenHttp(path: string): fc.Arbitrary<Uint8Array> {
  const text = (value: string) => new TextEncoder().encode(value);
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 2_000 }),
    fc
      .constantFrom(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{}`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}{}{}`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Api-Key: \u0000\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nBroken header line\r\n\r\n`,
        `POST ${path} HTTP/9.9\r\n\r\n`,
        `${'A'.repeat(20_000)} ${path} HTTP/1.1\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      )
      .map(text),
  );
}
