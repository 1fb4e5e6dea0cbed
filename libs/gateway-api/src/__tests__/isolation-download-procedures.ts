import type { Principal } from '../auth/principal';
import { contextFor } from '../context';
import { exportsRouter } from '../routers/exports/exports.router';
import { createCallerFactory } from '../trpc';
import { ACME_EXPORT, tenantAdminOnly, type Attack } from './isolation-attacks';
import type { Victim, World } from './world';

/**
 * The download routes' procedures (`exportsRouter`, called in process by the HTTP routes): a
 * user's export only by the user or their tenant's admin; the research export by admins only.
 */
const createExportsCaller = createCallerFactory(exportsRouter);
type ExportsCaller = ReturnType<typeof createExportsCaller>;
export const exportsCaller = (world: World, principal: Principal): ExportsCaller =>
  createExportsCaller(contextFor(world.gateway.deps, principal));
export const EXPORTS_TABLE: Record<
  string,
  { call: (c: ExportsCaller, v: Victim) => Promise<unknown>; attacks: Attack[] }
> = {
  'exports.user': {
    call: (c, v) => c.user({ appUserId: v.appUserId, format: 'fhir' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'ana', expect: 'FORBIDDEN' },
      { who: 'gadmin', expect: 'NOT_FOUND' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'exports.research': {
    call: (c) => c.research({ exportId: ACME_EXPORT }),
    attacks: [...tenantAdminOnly, { who: 'gadmin', expect: 'NOT_FOUND' }],
  },
};
