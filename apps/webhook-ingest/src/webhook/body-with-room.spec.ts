import { PassThrough } from 'node:stream';
import { allocateWithRoom, framed, readBodyWithRoom, type Room } from './body-with-room';

const room: Room = { before: 16, after: 1 };
const head = Buffer.from('{"payload":');
const tail = Buffer.from('}');
/** Whether `value` holds `body` in place, in the same memory, rather than a copy of it. */
const inPlace = (value: Buffer, body: Buffer) =>
  value.buffer === body.buffer &&
  value.byteOffset + value.length - tail.length - body.length === body.byteOffset;

function read(
  chunks: (string | Buffer)[],
  contentLength: number,
  limit = 1024,
  stream = new PassThrough(),
) {
  const result = new Promise<{ error: (Error & { statusCode?: number }) | null; body?: Buffer }>(
    (resolve) =>
      readBodyWithRoom(stream, contentLength, limit, room, (error, body) =>
        resolve({ error, body }),
      ),
  );
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return result;
}

describe('framed', () => {
  it('writes head and tail into the room around the body, the same bytes as a copy', () => {
    const body = allocateWithRoom(4, room);
    body.write('[42]');
    const value = framed(head, body, tail);
    expect(value.toString()).toBe('{"payload":[42]}');
    expect(inPlace(value, body)).toBe(true);
    expect(body.toString()).toBe('[42]');
  });

  it('copies when the body has no room of its own, too little, or its room was used', () => {
    const plain = Buffer.from('[1]');
    expect(framed(head, plain, tail).toString()).toBe('{"payload":[1]}');
    expect(inPlace(framed(head, plain, tail), plain)).toBe(false);

    const small = allocateWithRoom(3, { before: head.length - 1, after: 1 });
    small.write('[2]');
    expect(framed(head, small, tail).toString()).toBe('{"payload":[2]}');
    expect(inPlace(framed(head, small, tail), small)).toBe(false);

    const once = allocateWithRoom(3, room);
    once.write('[3]');
    const first = framed(head, once, tail);
    const second = framed(Buffer.from('{"other":'), once, tail);
    expect(inPlace(second, once)).toBe(false);
    expect(first.toString()).toBe('{"payload":[3]}');
    expect(second.toString()).toBe('{"other":[3]}');
  });
});

describe('readBodyWithRoom', () => {
  it('gathers chunks of a declared length into a body with room', async () => {
    const { error, body } = await read(['{"a":', Buffer.from('1}')], 7);
    expect(error).toBeNull();
    expect(body!.toString()).toBe('{"a":1}');
    expect(inPlace(framed(head, body!, tail), body!)).toBe(true);
  });

  it('gathers a body of no declared length (chunked) into a body with room', async () => {
    const { error, body } = await read(['[1,', '2,', '3]'], Number.NaN);
    expect(error).toBeNull();
    expect(body!.toString()).toBe('[1,2,3]');
    expect(framed(head, body!, tail).toString()).toBe('{"payload":[1,2,3]}');
  });

  it('copies chunks, so the body is never a view of the stream’s buffers', async () => {
    const chunk = Buffer.from('[9]');
    const { body } = await read([chunk], 3);
    chunk.write('[0]');
    expect(body!.toString()).toBe('[9]');
  });

  it('refuses with 413 a declared length over the limit without reading, and a body growing over it', async () => {
    const declared = await read(['[]'], 2_000, 1_000);
    expect(declared.error).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    const streamed = await read(['x'.repeat(600), 'x'.repeat(600)], Number.NaN, 1_000);
    expect(streamed.error).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
  });

  it('refuses with 400 a body shorter or longer than its content-length', async () => {
    for (const [chunks, length] of [
      [['[1]'], 5],
      [['[1]', '[2]'], 4],
    ] as const) {
      const { error } = await read([...chunks], length);
      expect(error).toMatchObject({
        code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
        statusCode: 400,
      });
    }
  });

  it('passes a stream error on as at least a 400', async () => {
    const stream = new PassThrough();
    const result = new Promise<Error | null>((resolve) =>
      readBodyWithRoom(stream, 10, 1024, room, (error) => resolve(error)),
    );
    stream.write('[1');
    stream.destroy(new Error('aborted'));
    expect(await result).toMatchObject({ message: 'aborted', statusCode: 400 });
  });
});
