import { procedureFor, router } from '../../trpc';
import { createTenantHandler } from './create-tenant.handler';
import { CreateTenantInputSchema, CreateTenantOutputSchema } from './create-tenant.schema';
import { listTenantsHandler } from './list-tenants.handler';
import { ListTenantsInputSchema, ListTenantsOutputSchema } from './list-tenants.schema';
import { rotateTenantKeyHandler } from './rotate-tenant-key.handler';
import {
  RotateTenantKeyInputSchema,
  RotateTenantKeyOutputSchema,
} from './rotate-tenant-key.schema';
import {
  deleteTenantHandler,
  disableTenantHandler,
  enableTenantHandler,
} from './tenant-lifecycle.handlers';
import {
  DeleteTenantOutputSchema,
  DisableTenantInputSchema,
  TenantLifecycleOutputSchema,
  TenantRefInputSchema,
} from './tenant-lifecycle.schema';

const tags = ['platform'];
const operator = procedureFor('operator');

/** Tenant management by platform operators, who never see sleep data. */
export const platformRouter = router({
  tenants: router({
    create: operator
      .meta({
        openapi: {
          method: 'POST',
          path: '/platform/tenants',
          tags,
          summary: 'Create a tenant with its Asleep key',
        },
      })
      .input(CreateTenantInputSchema)
      .output(CreateTenantOutputSchema)
      .mutation(createTenantHandler),
    list: operator
      .meta({
        openapi: { method: 'GET', path: '/platform/tenants', tags, summary: 'Every tenant' },
      })
      .input(ListTenantsInputSchema)
      .output(ListTenantsOutputSchema)
      .query(listTenantsHandler),
    rotateKey: operator
      .meta({
        openapi: {
          method: 'PUT',
          path: '/platform/tenants/{tenantId}/asleep-key',
          tags,
          summary: "Replace a tenant's Asleep key",
        },
      })
      .input(RotateTenantKeyInputSchema)
      .output(RotateTenantKeyOutputSchema)
      .mutation(rotateTenantKeyHandler),
    disable: operator
      .meta({
        openapi: {
          method: 'POST',
          path: '/platform/tenants/{tenantId}/disable',
          tags,
          summary: 'Disable a tenant: webhooks answered 401, API refused, data kept',
        },
      })
      .input(DisableTenantInputSchema)
      .output(TenantLifecycleOutputSchema)
      .mutation(disableTenantHandler),
    enable: operator
      .meta({
        openapi: {
          method: 'POST',
          path: '/platform/tenants/{tenantId}/enable',
          tags,
          summary: 'Re-enable a disabled tenant',
        },
      })
      .input(TenantRefInputSchema)
      .output(TenantLifecycleOutputSchema)
      .mutation(enableTenantHandler),
    delete: operator
      .meta({
        openapi: {
          method: 'DELETE',
          path: '/platform/tenants/{tenantId}',
          tags,
          summary:
            "Delete a tenant: every user's data everywhere, Asleep included, then the tenant",
        },
      })
      .input(TenantRefInputSchema)
      .output(DeleteTenantOutputSchema)
      .mutation(deleteTenantHandler),
  }),
});
