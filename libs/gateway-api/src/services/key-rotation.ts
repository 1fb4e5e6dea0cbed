import { actorOf } from '../audit/audit-actor';
import { audited } from '../audit/audited';
import type { AuthedContext } from '../auth/subject';
import { gatewayError } from '../errors/gateway-error';
import { viaAsleep } from '../errors/upstream-error';
import type { Tenant } from '../ports/tenants.port';

/**
 * Replaces a tenant's Asleep key once Asleep accepts the new one, so a mistyped key never takes
 * the old one's place: calls use the new key at once, webhook-ingest accepts both during the
 * grace period (sessions uploaded with the old key still report with it). Audited with the
 * keys' fingerprints, never the keys.
 */
export async function rotateVerifiedKey(
  ctx: AuthedContext,
  tenant: Tenant,
  asleepApiKey: string,
): Promise<Tenant> {
  const { deps } = ctx;
  return audited(
    deps,
    {
      tenantId: tenant.id,
      actor: actorOf(ctx.principal),
      action: 'tenant.key.rotate',
      target: { kind: 'tenant', id: tenant.id },
      details: { previousKeyFingerprint: tenant.keyFingerprint },
    },
    async () => {
      const accepted = await viaAsleep('Key', deps.settings.upstream, () =>
        deps.tenants.verifyAsleepKey(asleepApiKey),
      );
      if (!accepted)
        throw gatewayError('BAD_REQUEST', 'Asleep does not accept this key; the old one stays', {
          issues: [{ path: 'asleepApiKey', message: 'Asleep refused this key' }],
        });
      return deps.tenants.rotateKey(tenant.id, asleepApiKey, deps.settings.keyGraceSeconds);
    },
    (rotated) => ({ keyFingerprint: rotated.keyFingerprint }),
  );
}
