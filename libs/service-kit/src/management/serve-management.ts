import type { INestApplicationContext } from '@nestjs/common';
import { ManagementEndpoints } from './management-endpoints';
import { ManagementServer } from './management-server';

/** The management endpoints of an initialised app on their own port (0: any free one). */
export function serveManagement(
  app: INestApplicationContext,
  port = 0,
  host = '127.0.0.1',
): Promise<ManagementServer> {
  return ManagementServer.start(port, host, app.get(ManagementEndpoints).handle);
}
