// CPU per webhook of reading a body and wrapping it in its envelope: the body read into memory
// with room for the envelope (what the route does) against Fastify's buffer parser followed by a
// copying envelope (what it did before). Both take turns, ROUNDS times, on the same bodies.
// Env: ROUNDS (6), COUNT bodies per turn (20000), CHUNK bytes per socket read (16384).
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { readBodyWithRoom } from '../src/webhook/body-with-room';
import { ENVELOPE_ROOM, webhookEnvelope } from '../src/webhook/webhook-envelope';
import { sessionCompleteWebhook } from './session-complete-body';

const ROUNDS = Number(process.env['ROUNDS'] ?? 6);
const COUNT = Number(process.env['COUNT'] ?? 20_000);
const CHUNK = Number(process.env['CHUNK'] ?? 16_384);

const bodies = Array.from({ length: 64 }, (_, index) => {
  const { userId, body } = sessionCompleteWebhook(index);
  const bytes = Buffer.from(body);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));
  return { userId, chunks, length: bytes.length };
});

/** A request stream that delivers its chunks as soon as it is resumed. */
function payloadOf(chunks: Buffer[]): Readable {
  const stream = new EventEmitter() as EventEmitter & { resume(): void };
  stream.resume = () => {
    for (const chunk of chunks) stream.emit('data', chunk);
    stream.emit('end');
  };
  return stream as unknown as Readable;
}

/** What Fastify's `parseAs: 'buffer'` parser did with the chunks: gather, then one copy. */
function fastifyBuffer(payload: Readable, done: (error: Error | null, body?: Buffer) => void) {
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    done(null, Buffer.concat(chunks, received));
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.resume();
}

const ways = {
  'copied (before)': (index: number, keep: (value: Buffer) => void) => {
    const { chunks } = bodies[index % bodies.length];
    fastifyBuffer(payloadOf(chunks), (_error, raw) => keep(raw!));
  },
  'in its room (now)': (index: number, keep: (value: Buffer) => void) => {
    const { chunks, length } = bodies[index % bodies.length];
    readBodyWithRoom(payloadOf(chunks), length, 1 << 20, ENVELOPE_ROOM, (_error, raw) =>
      keep(raw!),
    );
  },
};

const cpu: Record<string, number> = {};
const kept: Buffer[] = new Array(256);
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, read] of Object.entries(ways)) {
    const started = process.cpuUsage();
    for (let index = 0; index < COUNT; index++) {
      const { userId } = bodies[index % bodies.length];
      read(index, (raw) => {
        const receipt = { tenantId: 'bench', userId, receivedAt: new Date() };
        kept[index % kept.length] = webhookEnvelope('t', receipt, `e${index}`, raw).value;
      });
    }
    const used = process.cpuUsage(started);
    // Round 0 warms up.
    if (round > 0) cpu[name] = (cpu[name] ?? 0) + used.user + used.system;
  }
}
console.log(
  `${bodies[0].length} B bodies in ${Math.ceil(bodies[0].length / CHUNK)} chunks, ${ROUNDS} x ${COUNT} each`,
);
for (const [name, micros] of Object.entries(cpu))
  console.log(`${name.padEnd(20)} ${(micros / (ROUNDS * COUNT)).toFixed(2)} µs CPU per webhook`);
