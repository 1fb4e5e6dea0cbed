import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports tests and tools fix by hand (private brokers, benches) stay out of the draw. */
const FIXED_FROM = 29_000;
const DRAW_FROM = 20_000;

/**
 * The low end of the kernel's ephemeral range, where outgoing connections take their local
 * ports: a port the kernel hands out for `listen(0)` lies there, and a client connecting elsewhere
 * can take it before the process it was chosen for binds it (EADDRINUSE).
 */
function ephemeralLow(): number {
  try {
    return Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP port free on loopback right now, drawn below the ephemeral range (so no outgoing
 * connection takes it before it is bound); the kernel's pick when that range leaves no room.
 */
export async function freePort(): Promise<number> {
  const [from, to] = drawRange();
  if (to - from < 500) return kernelPort();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(from, to);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelPort();
}

/**
 * A port is free until its process binds it, so one drawn twice before either binds collides:
 * a process never hands out a port twice, and parallel test workers draw from slices of their own.
 */
const handedOut = new Set<number>();
const WORKER_SLICES = 8;

function drawRange(): [number, number] {
  const to = Math.min(FIXED_FROM, ephemeralLow());
  const worker = Number(process.env['JEST_WORKER_ID']);
  if (!Number.isInteger(worker) || worker < 1) return [DRAW_FROM, to];
  const size = Math.floor((to - DRAW_FROM) / WORKER_SLICES);
  const from = DRAW_FROM + ((worker - 1) % WORKER_SLICES) * size;
  return [from, from + size];
}
