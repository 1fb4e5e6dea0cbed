// Loaded only when the gateway names an identity provider: authorization code with PKCE.
import { UserManager } from 'oidc-client-ts';
import type { OidcSettings } from './console-config';

const consoleUrl = () => `${window.location.origin}${import.meta.env.BASE_URL}`;

function userManager(settings: OidcSettings): UserManager {
  return new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    scope: settings.scope,
    redirect_uri: consoleUrl(),
    post_logout_redirect_uri: consoleUrl(),
    response_type: 'code',
  });
}

export async function startSignIn(settings: OidcSettings): Promise<void> {
  await userManager(settings).signinRedirect();
}

/** Exchanges the code the provider sent back for tokens; returns the access token. */
export async function finishSignIn(settings: OidcSettings): Promise<string> {
  const user = await userManager(settings).signinRedirectCallback();
  window.history.replaceState(null, '', consoleUrl());
  return user.access_token;
}

/** The provider's redirect carries `code` and `state` in the query string. */
export const isSignInRedirect = (search: string) => {
  const params = new URLSearchParams(search);
  return params.has('code') && params.has('state');
};
