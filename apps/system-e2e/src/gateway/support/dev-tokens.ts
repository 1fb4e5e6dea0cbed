import { SignJWT } from 'jose';

/** What the gateway processes under test are configured with. */
export const JWT = {
  secret: 'system-e2e-secret-of-at-least-32-characters',
  issuer: 'system-e2e',
  audience: 'sleep-gateway',
};

export const gatewayJwtEnv = {
  JWT_SECRET: JWT.secret,
  JWT_ISSUER: JWT.issuer,
  JWT_AUDIENCE: JWT.audience,
};

export type Role = 'member' | 'analyst' | 'admin' | 'operator';

/** A token like the identity provider would issue: `sub` the app user, `tenant`, `role`. */
export function token(tenant: string, appUserId: string, role: Role): Promise<string> {
  return new SignJWT({ tenant, role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(appUserId)
    .setIssuer(JWT.issuer)
    .setAudience(JWT.audience)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT.secret));
}

/** Creates a tenant through the REST route, as a platform operator. */
export async function createTenant(
  gatewayUrl: string,
  tenant: { id: string; name: string; asleepApiKey: string; defaultTimezone?: string },
) {
  const response = await fetch(`${gatewayUrl}/api/platform/tenants`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await token('platform', 'e2e-operator', 'operator')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(tenant),
  });
  if (!response.ok)
    throw new Error(`tenant ${tenant.id}: ${response.status} ${await response.text()}`);
  return response.json();
}
