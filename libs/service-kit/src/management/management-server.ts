import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagementHandler } from './management-endpoints';

/**
 * The management port: probes and Prometheus, apart from the public API (NetworkPolicies admit
 * only the monitoring namespace to it). One server for the whole life of the process; what it
 * answers changes with the phase (starting, serving, stopping).
 */
export class ManagementServer {
  private constructor(
    private readonly server: Server,
    private handler: ManagementHandler,
  ) {
    server.on('request', (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      this.handler(path).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.contentType });
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        },
        () => res.writeHead(500).end(),
      );
    });
  }

  static start(port: number, host: string, handler: ManagementHandler): Promise<ManagementServer> {
    const server = createServer({ keepAliveTimeout: 5_000 });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host }, () => {
        server.off('error', reject);
        resolve(new ManagementServer(server, handler));
      });
    });
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  use(handler: ManagementHandler): void {
    this.handler = handler;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
