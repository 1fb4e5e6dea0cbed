import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** A webhook endpoint that records what it gets; `status` picks each answer (default 200). */
export async function startReceiver(
  status: (received: Received, index: number) => number | Promise<number> = () => 200,
) {
  const received: Received[] = [];
  let index = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const entry = {
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      const code = await status(entry, index++);
      if (code >= 200 && code < 300) received.push(entry);
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/webhooks/asleep`,
    received,
    /** Requests answered, accepted or not. */
    attempts: () => index,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
