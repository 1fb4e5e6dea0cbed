import { type FormEvent, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { type OidcSettings, useConsoleConfig } from '../auth/console-config';

/** The identity provider's redirect back carries `code` and `state` in the query string. */
const isSignInRedirect = () => {
  const params = new URLSearchParams(window.location.search);
  return params.has('code') && params.has('state');
};

function ProviderSignIn({ settings }: { settings: OidcSettings }) {
  const { signIn } = useAuth();
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!isSignInRedirect()) return;
    import('../auth/oidc')
      .then(({ finishSignIn }) => finishSignIn(settings))
      .then(signIn, (error: Error) => setFailure(error.message));
  }, [settings, signIn]);
  const start = () =>
    import('../auth/oidc')
      .then(({ startSignIn }) => startSignIn(settings))
      .catch((error: Error) => setFailure(error.message));
  return (
    <section aria-labelledby="provider-heading">
      <h2 id="provider-heading">With your organisation</h2>
      <button type="button" onClick={start}>
        Sign in with {new URL(settings.authority).host}
      </button>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}

export function SignInPage() {
  const { signIn, notice } = useAuth();
  const config = useConsoleConfig();
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) signIn(token.trim());
  };
  return (
    <main id="main" className="sign-in">
      <h1>Sleep console</h1>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      {config.data?.oidc && <ProviderSignIn settings={config.data.oidc} />}
      <form onSubmit={submit} aria-labelledby="token-heading">
        <h2 id="token-heading">With a token</h2>
        <p className="hint">
          In development, <code>npm start</code> prints one (<code>export TOKEN=…</code>), and{' '}
          <code>npx nx run gateway:token --tenant t --user u --role admin</code> makes others.
        </p>
        <label htmlFor="token">Access token</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          required
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
