import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';

export interface Room {
  /** Free bytes reserved before the body. */
  before: number;
  /** Free bytes reserved after it. */
  after: number;
}

/** Bodies whose memory around them is theirs alone and still free; each room is used once. */
const rooms = new WeakMap<Buffer, Room>();

/**
 * A body buffer of `length` bytes in memory of its own (never a shared pool slice) with `room`
 * free bytes around it, so that `framed` can later put a head and a tail around the body without
 * copying it again.
 */
export function allocateWithRoom(length: number, room: Room): Buffer {
  const whole = Buffer.allocUnsafeSlow(room.before + length + room.after);
  const body = whole.subarray(room.before, room.before + length);
  rooms.set(body, room);
  return body;
}

/**
 * `head`, `body` and `tail` as one buffer: written into the body's room when it was allocated
 * with enough (once per body), else a new copy. The body's own bytes are never changed.
 */
export function framed(head: Buffer, body: Buffer, tail: Buffer): Buffer {
  const room = rooms.get(body);
  if (!room || head.length > room.before || tail.length > room.after)
    return Buffer.concat([head, body, tail]);
  rooms.delete(body);
  const whole = Buffer.from(
    body.buffer,
    body.byteOffset - head.length,
    head.length + body.length + tail.length,
  );
  head.copy(whole, 0);
  tail.copy(whole, head.length + body.length);
  return whole;
}

type Done = (error: Error | null, body?: Buffer) => void;

/**
 * Reads a request body into one buffer with `room` around it, with Fastify's own checks and
 * errors: more than `limit` bytes (or a declared length above it) is 413, a body shorter or
 * longer than its content-length is 400, a stream error is at least 400. Like Fastify, it always
 * copies, so the body is never a view of a socket's read buffer.
 */
export function readBodyWithRoom(
  payload: Readable & { receivedEncodedLength?: number },
  contentLength: number,
  limit: number,
  room: Room,
  done: Done,
): void {
  if (contentLength > limit) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  const known = Number.isInteger(contentLength) && contentLength >= 0;
  const chunks: Buffer[] = [];
  let received = 0;
  // Allocated when the first bytes arrive: a sender that declares a length and stalls holds none.
  let body: Buffer | undefined;

  const stop = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  function onData(data: Buffer | string) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const at = received;
    if (known && at === 0) body = allocateWithRoom(contentLength, room);
    received += chunk.length;
    if (received > limit || (payload.receivedEncodedLength ?? 0) > limit) {
      stop();
      return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    }
    if (body && received <= body.length) chunk.copy(body, at);
    else {
      // More than declared (answered 400 at the end, as Fastify does) or no length declared.
      if (body) chunks.push(body.subarray(0, at));
      body = undefined;
      chunks.push(Buffer.from(chunk));
    }
  }
  function onEnd(error?: Error & { statusCode?: number }) {
    stop();
    if (error != null) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400))
        error.statusCode = 400;
      return done(error);
    }
    if (known && (payload.receivedEncodedLength || received) !== contentLength)
      return done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
    if (body) return done(null, body);
    const gathered = allocateWithRoom(received, room);
    let at = 0;
    for (const chunk of chunks) at += chunk.copy(gathered, at);
    done(null, gathered);
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}
