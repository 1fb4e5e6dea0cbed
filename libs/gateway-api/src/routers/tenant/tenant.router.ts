import { authedProcedure, procedureFor, router } from '../../trpc';
import { getTenantHandler } from './get.handler';
import { GetTenantInputSchema, GetTenantOutputSchema } from './get.schema';
import { rotateKeyHandler } from './rotate-key.handler';
import { RotateKeyInputSchema, RotateKeyOutputSchema } from './rotate-key.schema';
import { updateSettingsHandler } from './update-settings.handler';
import { UpdateSettingsInputSchema, UpdateSettingsOutputSchema } from './update-settings.schema';
import { usageHandler } from './usage.handler';
import { UsageInputSchema, UsageOutputSchema } from './usage.schema';

const tags = ['tenant'];
const admin = procedureFor('admin');

/** The caller's own tenant; there is no tenant id to pass, so no other tenant can be named. */
export const tenantRouter = router({
  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/tenant', tags, summary: "The caller's tenant" } })
    .input(GetTenantInputSchema)
    .output(GetTenantOutputSchema)
    .query(getTenantHandler),
  updateSettings: admin
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/tenant',
        tags,
        summary: 'Rename the tenant or change its default zone',
      },
    })
    .input(UpdateSettingsInputSchema)
    .output(UpdateSettingsOutputSchema)
    .mutation(updateSettingsHandler),
  rotateKey: admin
    .meta({
      openapi: {
        method: 'PUT',
        path: '/tenant/asleep-key',
        tags,
        summary: "Replace the tenant's Asleep API key",
      },
    })
    .input(RotateKeyInputSchema)
    .output(RotateKeyOutputSchema)
    .mutation(rotateKeyHandler),
  usage: admin
    .meta({
      openapi: { method: 'GET', path: '/tenant/usage', tags, summary: 'Daily usage per procedure' },
    })
    .input(UsageInputSchema)
    .output(UsageOutputSchema)
    .query(usageHandler),
});
