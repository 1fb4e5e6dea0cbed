import { useQuery } from '@tanstack/react-query';

/** What the gateway tells the console at `/console/config.json`. */
export interface ConsoleConfig {
  /** Set when the gateway trusts an identity provider (JWT_JWKS_URL) and names the console's client. */
  oidc: { authority: string; clientId: string; scope: string } | null;
}

export type OidcSettings = NonNullable<ConsoleConfig['oidc']>;

export function useConsoleConfig() {
  return useQuery({
    queryKey: ['console-config'],
    staleTime: Infinity,
    queryFn: async (): Promise<ConsoleConfig> => {
      const response = await fetch(`${import.meta.env.BASE_URL}config.json`);
      if (!response.ok) return { oidc: null };
      return (await response.json()) as ConsoleConfig;
    },
  });
}
