import type { OrgSettings } from '@sleep/contracts';
import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import { type AuthedContext, callerTenant } from '../../auth/subject';
import { AlreadyExistsError } from '../../errors/already-exists';
import { gatewayError } from '../../errors/gateway-error';
import { applyToAnalytics, changedFields, currentOrgSettings } from '../../services/org-settings';
import type {
  OrgSettingsHistoryInput,
  OrgSettingsView,
  UpdateOrgSettingsInput,
} from './org-settings.schema';

export async function getOrgSettingsHandler({
  ctx,
}: {
  ctx: AuthedContext;
}): Promise<OrgSettingsView> {
  return currentOrgSettings(ctx.deps, await callerTenant(ctx));
}

/**
 * A new version with the named fields changed, recorded with who and when. What analytics
 * computes with is handed to it first, so a version never claims settings analytics lacks;
 * the default zone goes to the tenant (announced on `platform.tenants.v1`). Nothing changed,
 * no new version.
 */
export async function updateOrgSettingsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: UpdateOrgSettingsInput;
}): Promise<OrgSettingsView> {
  const { deps, principal } = ctx;
  const tenant = await callerTenant(ctx);
  const current = await currentOrgSettings(deps, tenant);
  const next: OrgSettings = { ...current.settings, ...definedOf(input) };
  const changed = changedFields(current.settings, next);
  if (changed.length === 0) return current;
  return audited(
    deps,
    {
      tenantId: tenant.id,
      actor: actorOf(principal),
      action: 'org.settings.update',
      target: { kind: 'org-settings', id: tenant.id },
      details: {
        changed: Object.fromEntries(
          changed.map((field) => [field, { from: current.settings[field], to: next[field] }]),
        ),
      },
    },
    async () => {
      await applyToAnalytics(deps, tenant.id, next, changed);
      if (changed.includes('defaultTimezone'))
        await deps.tenants.updateSettings(tenant.id, { defaultTimezone: next.defaultTimezone });
      try {
        return await deps.orgSettings.append(tenant.id, current.version, next, actorOf(principal));
      } catch (error) {
        if (error instanceof AlreadyExistsError)
          throw gatewayError('CONFLICT', 'The settings changed meanwhile; read them and retry');
        throw error;
      }
    },
    (view) => ({ version: view.version }),
  );
}

export async function orgSettingsHistoryHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: OrgSettingsHistoryInput;
}) {
  const tenant = await callerTenant(ctx);
  return ctx.deps.orgSettings.history(tenant.id, input);
}

function definedOf(patch: UpdateOrgSettingsInput): Partial<OrgSettings> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<OrgSettings>;
}
