import { procedureFor, router } from '../../trpc';
import {
  getOrgSettingsHandler,
  orgSettingsHistoryHandler,
  updateOrgSettingsHandler,
} from './org-settings.handlers';
import {
  GetOrgSettingsInputSchema,
  OrgSettingsHistoryInputSchema,
  OrgSettingsHistoryOutputSchema,
  OrgSettingsViewSchema,
  UpdateOrgSettingsInputSchema,
} from './org-settings.schema';

const tags = ['org'];
const readers = procedureFor('analyst', 'admin');

/** The caller's organisation's settings: analysts read, admins change; every version kept. */
export const orgSettingsRouter = router({
  get: readers
    .meta({
      openapi: { method: 'GET', path: '/org/settings', tags, summary: 'Settings in force' },
    })
    .input(GetOrgSettingsInputSchema)
    .output(OrgSettingsViewSchema)
    .query(getOrgSettingsHandler),
  update: procedureFor('admin')
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/org/settings',
        tags,
        summary: 'Change settings (a new version; stored nights and statistics are recomputed)',
      },
    })
    .input(UpdateOrgSettingsInputSchema)
    .output(OrgSettingsViewSchema)
    .mutation(updateOrgSettingsHandler),
  history: readers
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/settings/history',
        tags,
        summary: 'Every version, newest first, with who changed it and when',
      },
    })
    .input(OrgSettingsHistoryInputSchema)
    .output(OrgSettingsHistoryOutputSchema)
    .query(orgSettingsHistoryHandler),
});
